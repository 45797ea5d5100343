#include "discovery.h"

#include "apierror.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

constexpr auto AggregatedType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

} // namespace

HttpResponse discovery(const QList<ResourceType> &types, const QString &address, const HttpRequest &r, const QString &path)
{
    const bool aggregated = r.header("accept").contains("g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    // Groups with their versions, in a stable order (first version = preferred).
    QStringList groups;
    QHash<QString, QStringList> versions;
    for (const ResourceType &t : types) {
        if (!groups.contains(t.group))
            groups << t.group;
        if (!versions[t.group].contains(t.version))
            versions[t.group] << t.version;
    }
    auto resourceList = [&](const QString &group, const QString &version) {
        QJsonArray resources;
        for (const ResourceType &t : types) {
            if (t.group != group || t.version != version)
                continue;
            QJsonObject res{{u"name"_s, t.plural}, {u"singularName"_s, t.singular()}, {u"namespaced"_s, t.namespaced},
                            {u"kind"_s, t.kind}, {u"verbs"_s, QJsonArray::fromStringList(t.verbs)}};
            if (!t.shortNames.isEmpty())
                res.insert(u"shortNames"_s, QJsonArray::fromStringList(t.shortNames));
            if (!t.categories.isEmpty())
                res.insert(u"categories"_s, QJsonArray::fromStringList(t.categories));
            resources.append(res);
            for (const QString &sub : t.subresources)
                resources.append(QJsonObject{{u"name"_s, QString(t.plural + u'/' + sub)}, {u"singularName"_s, QString()}, {u"namespaced"_s, t.namespaced},
                                             {u"kind"_s, sub == u"scale"_s ? u"Scale"_s : t.kind},
                                             {u"verbs"_s, QJsonArray{u"get"_s, u"patch"_s, u"update"_s}}});
        }
        return resources;
    };
    auto aggregatedGroup = [&](const QString &group) {
        QJsonArray vs;
        for (const QString &v : versions.value(group)) {
            QJsonArray resources;
            for (const ResourceType &t : types) {
                if (t.group != group || t.version != v)
                    continue;
                QJsonObject res{{u"resource"_s, t.plural},
                                {u"responseKind"_s, QJsonObject{{u"group"_s, t.group}, {u"version"_s, t.version}, {u"kind"_s, t.kind}}},
                                {u"scope"_s, t.namespaced ? u"Namespaced"_s : u"Cluster"_s},
                                {u"singularResource"_s, t.singular()},
                                {u"verbs"_s, QJsonArray::fromStringList(t.verbs)}};
                if (!t.shortNames.isEmpty())
                    res.insert(u"shortNames"_s, QJsonArray::fromStringList(t.shortNames));
                if (!t.categories.isEmpty())
                    res.insert(u"categories"_s, QJsonArray::fromStringList(t.categories));
                QJsonArray subs;
                for (const QString &sub : t.subresources)
                    subs.append(QJsonObject{{u"subresource"_s, sub},
                                            {u"responseKind"_s, QJsonObject{{u"group"_s, sub == u"scale"_s ? u"autoscaling"_s : t.group},
                                                                            {u"version"_s, t.version},
                                                                            {u"kind"_s, sub == u"scale"_s ? u"Scale"_s : t.kind}}},
                                            {u"verbs"_s, QJsonArray{u"get"_s, u"patch"_s, u"update"_s}}});
                if (!subs.isEmpty())
                    res.insert(u"subresources"_s, subs);
                resources.append(res);
            }
            vs.append(QJsonObject{{u"version"_s, v}, {u"resources"_s, resources}, {u"freshness"_s, u"Current"_s}});
        }
        return QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, group}}}, {u"versions"_s, vs}};
    };
    if (path == u"/api"_s || path == u"/api/"_s) {
        if (aggregated)
            return json(QJsonObject{{u"kind"_s, u"APIGroupDiscoveryList"_s}, {u"apiVersion"_s, u"apidiscovery.k8s.io/v2"_s},
                                    {u"metadata"_s, QJsonObject()}, {u"items"_s, QJsonArray{aggregatedGroup(QString())}}},
                        200, AggregatedType);
        return json(QJsonObject{{u"kind"_s, u"APIVersions"_s}, {u"versions"_s, QJsonArray{u"v1"_s}},
                                {u"serverAddressByClientCIDRs"_s,
                                 QJsonArray{QJsonObject{{u"clientCIDR"_s, u"0.0.0.0/0"_s}, {u"serverAddress"_s, address}}}}});
    }
    if (path == u"/apis"_s || path == u"/apis/"_s) {
        if (aggregated) {
            QJsonArray items;
            for (const QString &g : std::as_const(groups))
                if (!g.isEmpty())
                    items.append(aggregatedGroup(g));
            return json(QJsonObject{{u"kind"_s, u"APIGroupDiscoveryList"_s}, {u"apiVersion"_s, u"apidiscovery.k8s.io/v2"_s},
                                    {u"metadata"_s, QJsonObject()}, {u"items"_s, items}},
                        200, AggregatedType);
        }
        QJsonArray list;
        for (const QString &g : std::as_const(groups)) {
            if (g.isEmpty())
                continue;
            QJsonArray vs;
            for (const QString &v : versions.value(g))
                vs.append(QJsonObject{{u"groupVersion"_s, QString(g + u'/' + v)}, {u"version"_s, v}});
            list.append(QJsonObject{{u"name"_s, g}, {u"versions"_s, vs}, {u"preferredVersion"_s, vs.first()}});
        }
        return json(QJsonObject{{u"kind"_s, u"APIGroupList"_s}, {u"apiVersion"_s, u"v1"_s}, {u"groups"_s, list}});
    }
    const QStringList segs = path.split(u'/', Qt::SkipEmptyParts);
    const QString group = segs[0] == u"api"_s ? QString() : segs.value(1);
    const QString version = segs[0] == u"api"_s ? segs.value(1) : segs.value(2);
    if (!versions.contains(group) || (segs[0] == u"apis"_s && segs.size() == 2)) {
        if (segs[0] == u"apis"_s && segs.size() == 2 && versions.contains(group)) {
            QJsonArray vs;
            for (const QString &v : versions.value(group))
                vs.append(QJsonObject{{u"groupVersion"_s, QString(group + u'/' + v)}, {u"version"_s, v}});
            return json(QJsonObject{{u"kind"_s, u"APIGroup"_s}, {u"apiVersion"_s, u"v1"_s}, {u"name"_s, group}, {u"versions"_s, vs},
                                    {u"preferredVersion"_s, vs.first()}});
        }
        return apiError(ApiReason::NotFound, u"the server could not find the requested resource"_s);
    }
    if (!versions.value(group).contains(version))
        return apiError(ApiReason::NotFound, u"the server could not find the requested resource"_s);
    return json(QJsonObject{{u"kind"_s, u"APIResourceList"_s}, {u"apiVersion"_s, u"v1"_s},
                            {u"groupVersion"_s, group.isEmpty() ? version : group + u'/' + version},
                            {u"resources"_s, resourceList(group, version)}});
}

} // namespace dc::demo
