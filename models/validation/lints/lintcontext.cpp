#include "lintcontext.h"

#include "manifests/kinds.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace dc::lint {

Context::Context(const ManifestSet &set_, const LintOptions &options_)
    : set(set_)
    , options(options_)
{
    for (const ManifestDoc &d : set.docs) {
        const QString kind = d.root.str(u"kind");
        byKind[kind].push_back(&d);
        if (kind == u"Service"_s)
            servicesByName.insert(d.root.str(u"metadata.name"), &d);
        if (auto p = podTemplate(d))
            pods.push_back(*p);
    }
}

const std::vector<const ManifestDoc *> &Context::ofKind(const QString &kind) const
{
    static const std::vector<const ManifestDoc *> none;
    const auto it = byKind.constFind(kind);
    return it == byKind.constEnd() ? none : *it;
}

void Context::report(const LintInfo &lint, const ManifestDoc &d, const QString &path, const QString &message,
                     std::optional<Severity> severity)
{
    if (options.disabled.contains(lint.id))
        return;
    const Node *n = d.nodeAt(path);
    out.append(Finding{severity.value_or(lint.severity), lint.id, d.file, d.lineOf(path), 0, d.id(), path,
                       message + u" — "_s + lint.hint, n ? n->source() : QString()});
}

std::optional<PodTemplate> podTemplate(const ManifestDoc &d)
{
    const QString kind = d.root.str(u"kind");
    const KindInfo *info = findKind(kind);
    if (!info || info->podTemplatePath.isEmpty())
        return std::nullopt;
    const bool pod = info->podTemplatePath == u"."_s;
    const Node *tmpl = pod ? &d.root : d.root.at(info->podTemplatePath);
    if (!tmpl || !tmpl->isMap())
        return std::nullopt;
    PodTemplate t;
    t.doc = &d;
    t.labels = tmpl->at(u"metadata.labels");
    t.spec = tmpl->get(u"spec");
    t.path = pod ? u"spec"_s : info->podTemplatePath + u".spec"_s;
    t.ns = d.root.str(u"metadata.namespace");
    if (!t.spec || !t.spec->isMap())
        return std::nullopt;
    return t;
}

bool sameNamespace(const QString &a, const QString &b)
{
    return a.isEmpty() || b.isEmpty() || a == b;
}

bool selects(const Node *selector, const Node *labels)
{
    if (!selector || !selector->isMap() || selector->size() == 0)
        return false;
    for (const Node &pair : selector->items()) {
        const Node *v = labels ? labels->get(pair.key()) : nullptr;
        if (!v || v->scalarText() != pair.scalarText())
            return false;
    }
    return true;
}

bool versionLike(const QString &key, const QString &value)
{
    static const QRegularExpression versionValue(uR"(^v?\d+\.\d+(\.\d+)?([-+.].*)?$)"_s);
    const QString k = key.section(u'/', -1).toLower();
    return k == u"version"_s || k.endsWith(u"-version"_s) || versionValue.match(value).hasMatch();
}

bool isCoreService(const ManifestDoc &d)
{
    return d.root.str(u"kind") == u"Service"_s && d.root.str(u"apiVersion") == u"v1"_s;
}

QString selectorText(const Node *selector)
{
    QStringList pairs;
    if (selector)
        for (const Node &s : selector->items())
            pairs << s.key() + u'=' + s.scalarText();
    return pairs.join(u',');
}

} // namespace dc::lint
