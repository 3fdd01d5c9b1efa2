"""The embedded Chinese font for every PDF the system prints, and what to draw for a character it lacks.

ReportLab's built-in CID fonts (STSong-Light) are not embedded and render as blanks or boxes on a
machine without Chinese fonts, so PDFs use a shipped TrueType font, subset and embedded. Canvases
must start in that font too: ReportLab's default initial font (Helvetica) is not embedded.
"""

import unicodedata
from functools import cache

from django.conf import settings
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

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
    """The characters the font has no glyph for; spaces and line breaks are laid out, not drawn."""
    covered = pdfmetrics.getFont(cjk_font()).face.charToGlyph
    if all(covered.keys() >= set(map(ord, text)) for text in texts):
        return []  # the usual text, told at once (an import checks a name and a staff number in every row)
    return sorted({ch for text in texts for ch in text
                   if ord(ch) not in covered and ch not in "\t\n\r" and unicodedata.category(ch) != "Zs"})


# □ is how Chinese print marks a character it cannot set (缺字符号); the font draws it.
MISSING_MARK = "\u25a1"


def printable(text: str) -> str:
    """The text with each character the font cannot draw shown as □.

    Input validation (talent.validators) keeps such characters out of printed fields; this keeps rows
    saved before it, or by a path that bypasses it, from making a PDF fail for everyone.
    """
    missing = set(missing_characters(text))
    return "".join(MISSING_MARK if ch in missing else ch for ch in text) if missing else text
