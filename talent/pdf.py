"""The embedded Chinese font for every PDF the system prints, and the check that it can draw a text.

ReportLab's built-in CID fonts (STSong-Light) are not embedded and render as blanks or boxes on a
machine without Chinese fonts, so PDFs use a shipped TrueType font, subset and embedded. Canvases
must start in that font too: ReportLab's default initial font (Helvetica) is not embedded.
"""

from functools import cache

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from talent.errors import DomainError

# Page streams are compressed binary, not also ASCII85-encoded (ReportLab's default): every reader takes
# them, and printing a batch of certificates costs a quarter less time and the files 15 % less space.
rl_config.useA85 = 0

FONT_NAME = "WenQuanYiMicroHei"
FONT_PATH = settings.BASE_DIR / "fonts" / "wqy-microhei.ttc"


@cache
def cjk_font() -> str:
    """Registers the font once per process and returns its ReportLab name."""
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_PATH), subfontIndex=0))
    return FONT_NAME


def canvas_maker():
    """A Canvas factory for platypus' doc.build(canvasmaker=...) and direct drawing alike.

    platypus passes initialFontName=None explicitly (unless the template sets one), which would bring
    back Helvetica; None is therefore replaced here rather than only defaulted.
    """
    def make(*args, initialFontName=None, **kwargs):
        return Canvas(*args, initialFontName=initialFontName or cjk_font(), **kwargs)
    return make


def missing_characters(*texts: str) -> list[str]:
    covered = pdfmetrics.getFont(cjk_font()).face.charToGlyph
    return sorted({ch for text in texts for ch in text if not ch.isspace() and ord(ch) not in covered})


def ensure_printable(*texts: str) -> None:
    """Refuses, naming the characters, rather than print a PDF with blank boxes."""
    missing = missing_characters(*texts)
    if missing:
        raise DomainError(
            _("The PDF font cannot draw these characters: %(chars)s") % {"chars": " ".join(missing)},
            code="unprintable_character",
        )
