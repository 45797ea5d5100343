#include "imageref.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace dc {

ImageRef ImageRef::parse(const QString &image)
{
    ImageRef r;
    QString rest = image.trimmed();
    const qsizetype at = rest.indexOf(u'@');
    if (at >= 0) {
        r.digest = rest.mid(at + 1);
        rest.truncate(at);
    }
    const qsizetype slash = rest.lastIndexOf(u'/');
    const qsizetype colon = rest.lastIndexOf(u':');
    if (colon > slash) {
        r.tag = rest.mid(colon + 1);
        rest.truncate(colon);
    }
    r.repository = rest;
    return r;
}

bool ImageRef::floating() const
{
    return digest.isEmpty() && isFloatingTag(tag);
}

bool isFloatingTag(const QString &tag)
{
    if (tag.isEmpty())
        return true;
    static const QRegularExpression moving(
        u"^(latest|main|master|trunk|head|dev|develop|development|edge|nightly|stable|rolling|canary|snapshot|unstable|testing|next)$"
        u"|(^|[-_.])(latest|stable|nightly|main|master|edge|snapshot)$"_s,
        QRegularExpression::CaseInsensitiveOption);
    return moving.match(tag).hasMatch();
}

} // namespace dc
