"""Fill every tag's normalised name and merge the tags whose names read the same.

Before 0020 nothing stopped "الأمن" and "الامن" from being two tags. For each group of tags
with one normalised name the oldest (smallest id) is kept; every article of the others moves
onto it (an article that had both keeps one), the others' slugs answer 301 to it (TagRedirect),
each merge is written to the tags' audit trail (TagChange, no actor) and the clashes are
printed. 0022 then makes the normalised name unique.

One-way: migrating backwards leaves the merges in place (the reverse does nothing); the merged
tags are not recreated.
"""

from django.db import migrations

from newsroom import text

NOTE = "Migration 0021: names that read the same after normalisation."


def tag_key(name, slug):
    # The key Tag.save stores (newsroom.text.tag_key): punctuation counts ("C" and "C++" stay
    # two tags), a name with nothing left to compare gets a key no real name has.
    return text.tag_key(name, slug)


def merge_clashes(apps, schema_editor, out=print):
    Tag = apps.get_model("articles", "Tag")
    TagChange = apps.get_model("articles", "TagChange")
    TagRedirect = apps.get_model("articles", "TagRedirect")
    Through = apps.get_model("articles", "Article").tags.through
    groups = {}
    tags = list(Tag.objects.order_by("pk").only("pk", "name", "slug"))
    for tag in tags:
        tag.normalised_name = tag_key(tag.name, tag.slug)
        groups.setdefault(tag.normalised_name, []).append(tag)
    Tag.objects.bulk_update(tags, ["normalised_name"], batch_size=500)
    clashes = [group for group in groups.values() if len(group) > 1]
    if not clashes:
        return
    out(f"\n  Tags whose names read the same: {len(clashes)} (each merged into its oldest)")
    for kept, *others in clashes:
        for other in others:
            rows = Through.objects.filter(tag_id=other.pk)
            articles = rows.count()
            already = set(Through.objects.filter(tag_id=kept.pk).values_list("article_id", flat=True))
            rows.exclude(article_id__in=already).update(tag_id=kept.pk)
            # What is left are articles that had both tags: they keep the kept one.
            rows.delete()
            TagRedirect.objects.filter(tag_id=other.pk).update(tag_id=kept.pk)
            TagRedirect.objects.create(old_slug=other.slug, old_name=other.name, tag_id=kept.pk)
            TagChange.objects.create(
                action="merged",
                tag_id=kept.pk,
                tag_name=kept.name,
                merged_name=other.name,
                articles_moved=articles,
                note=NOTE,
            )
            other_id = other.pk
            other.delete()
            out(
                f"  «{other.name}» (id {other_id}, /tag/{other.slug}/) -> «{kept.name}» "
                f"(id {kept.pk}): {articles} article(s)"
            )


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_tag_normalised_name")]

    operations = [migrations.RunPython(merge_clashes, migrations.RunPython.noop, elidable=False)]
