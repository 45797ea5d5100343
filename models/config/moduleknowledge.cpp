#include "moduleknowledge.h"

#include "layers.h"
#include "manifests/node.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace dc {

bool ModuleKnowledge::ownsImage(const QString &image) const
{
    for (const QString &part : images)
        if (image.contains(part))
            return true;
    return false;
}

ModuleKnowledge readModuleKnowledge(const Node &doc, const QString &preset, const QString &file, QList<ConfigIssue> *issues)
{
    ModuleKnowledge k;
    k.preset = preset;
    const Node *knowledge = doc.get(u"knowledge");
    if (!knowledge)
        return k;
    const auto problem = [&](const Node &n, const QString &field, const QString &message) {
        issues->append({file, n.line(), n.column(), u"knowledge."_s + field, message});
    };
    if (!knowledge->isMap()) {
        problem(*knowledge, QString(), u"expected a mapping"_s);
        return k;
    }
    const auto text = [&](const QString &key) -> QString {
        const Node *n = knowledge->at(key);
        if (!n)
            return {};
        if (n->type() != Node::Type::String) {
            problem(*n, key, u"expected a string"_s);
            return {};
        }
        return n->toString();
    };
    const auto list = [&](const QString &key) -> QStringList {
        const Node *n = knowledge->at(key);
        QStringList out;
        if (!n)
            return out;
        if (!n->isSeq()) {
            problem(*n, key, u"expected a list"_s);
            return out;
        }
        for (const Node &item : n->items())
            out << item.scalarText();
        return out;
    };
    static const QStringList known = {u"name"_s, u"images"_s, u"unreadEnv"_s, u"configuredBy"_s, u"unreadFiles"_s, u"removedApis"_s, u"buildOnlyFlags"_s};
    for (const Node &child : knowledge->items())
        if (!known.contains(child.key()))
            problem(child, child.key(), u"unknown key; use one of "_s + known.join(u", "_s));
    k.name = text(u"name"_s);
    k.images = list(u"images"_s);
    k.unreadEnv = text(u"unreadEnv"_s);
    if (!k.unreadEnv.isEmpty() && !QRegularExpression(k.unreadEnv).isValid()) {
        problem(*knowledge->get(u"unreadEnv"), u"unreadEnv"_s, u"not a valid regular expression"_s);
        k.unreadEnv.clear();
    }
    k.configuredBy = text(u"configuredBy"_s);
    k.configMaps = list(u"unreadFiles.configMaps"_s);
    k.unreadFiles = list(u"unreadFiles.keys"_s);
    k.unreadFileMarker = text(u"unreadFiles.marker"_s);
    k.removedHosts = list(u"removedApis.hosts"_s);
    k.removedServicePrefix = text(u"removedApis.servicePrefix"_s);
    for (const QString &port : list(u"removedApis.ports"_s))
        k.removedPorts << port.toInt();
    k.removedWhy = text(u"removedApis.why"_s);
    k.buildOnlyFlags = list(u"buildOnlyFlags.flags"_s);
    k.buildOnlyWhy = text(u"buildOnlyFlags.why"_s);
    if (k.name.isEmpty() || k.images.isEmpty())
        problem(*knowledge, QString(), u"needs at least a name and images"_s);
    return k;
}

} // namespace dc
