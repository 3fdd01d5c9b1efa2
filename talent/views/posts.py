"""Post history (任职经历): one cadre's timeline (scoped like the cadre), and my own. Imported at
/api/v1/imports/post-history/ (talent.imports), kept by the pool's services when HR moves a cadre."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from talent import access
from talent.selectors import posts as selectors
from talent.serializers.posts import PostLineSerializer
from talent.views.own_record import OwnRecordView
from talent.views.skills import CadreDetailView


class CadrePostsView(CadreDetailView):
    """The cadre's departments and posts, secondments included, the post held now first."""

    disclosure = access.POST_HISTORY

    @extend_schema(responses=PostLineSerializer(many=True))
    def get(self, request, pk):
        cadre = self.cadre(request, pk)
        return Response(PostLineSerializer(selectors.post_history(cadre_ids=[cadre.pk])[cadre.pk], many=True).data)


class OwnPostsView(OwnRecordView):
    """My departments and posts, secondments included, the post I hold now first."""

    @extend_schema(responses=PostLineSerializer(many=True))
    def get(self, request):
        cadre = access.own_cadre(request)
        return Response(PostLineSerializer(selectors.post_history(cadre_ids=[cadre.pk])[cadre.pk], many=True).data)
