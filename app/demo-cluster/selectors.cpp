#include "selectors.h"

#include <QJsonValue>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace dc::demo {

bool labelsMatch(const QJsonObject &labels, const QString &selector)
{
    for (const QString &raw : selector.split(u',', Qt::SkipEmptyParts)) {
        const QString term = raw.trimmed();
        if (term.contains(u"!="_s)) {
            const QStringList kv = term.split(u"!="_s);
            if (labels.value(kv[0].trimmed()).toString() == kv.value(1).trimmed())
                return false;
        } else if (term.contains(u'=')) {
            const QStringList kv = term.split(u'=', Qt::SkipEmptyParts);
            if (!labels.contains(kv[0].trimmed()) || labels.value(kv[0].trimmed()).toString() != kv.value(1).trimmed())
                return false;
        } else if (term.startsWith(u'!')) {
            if (labels.contains(term.mid(1)))
                return false;
        } else if (!labels.contains(term)) {
            return false;
        }
    }
    return true;
}

bool fieldsMatch(const QJsonObject &object, const QString &selector)
{
    for (const QString &term : selector.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype ne = term.indexOf(u"!="_s);
        const qsizetype eq = term.indexOf(u'=');
        if (eq < 0)
            continue;
        const bool negate = ne >= 0 && ne < eq;
        const QString field = term.left(negate ? ne : eq).trimmed();
        QString value = term.mid(eq + 1).trimmed();
        if (value.startsWith(u'='))
            value = value.mid(1);
        QJsonValue at = object;
        for (const QString &part : field.split(u'.'))
            at = at.toObject().value(part);
        QString actual = at.isString() ? at.toString() : at.isBool() ? (at.toBool() ? u"true"_s : u"false"_s)
            : at.isDouble() ? QString::number(at.toInteger()) : QString();
        if ((actual == value) == negate)
            return false;
    }
    return true;
}

} // namespace dc::demo
