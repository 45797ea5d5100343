#include "crds.h"

#include "apierror.h"
#include "objectstore.h"
#include "validation/schemavalidator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

const QString CrdPrefix = u"apiextensions.k8s.io/customresourcedefinitions//"_s;

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject condition(const QString &type, const QString &reason, const QString &message)
{
    return QJsonObject{{u"type"_s, type}, {u"status"_s, u"True"_s}, {u"reason"_s, reason}, {u"message"_s, message},
                       {u"lastTransitionTime"_s, now()}};
}

// What apiextensions-apiserver reports once a CRD's names are accepted: Established.
QJsonObject establishedStatus(const QJsonObject &crd, const QJsonObject &previous)
{
    const QJsonObject spec = crd.value(u"spec"_s).toObject();
    QStringList stored;
    for (const QJsonValue &v : spec.value(u"versions"_s).toArray())
        if (v.toObject().value(u"storage"_s).toBool())
            stored << v.toObject().value(u"name"_s).toString();
    QJsonObject st{{u"acceptedNames"_s, spec.value(u"names"_s)}, {u"storedVersions"_s, strings(stored)}};
    // The conditions keep their times while they hold.
    const QJsonArray before = previous.value(u"conditions"_s).toArray();
    st.insert(u"conditions"_s, before.size() == 2 ? before
                                                  : QJsonArray{condition(u"NamesAccepted"_s, u"NoConflicts"_s, u"no conflicts found"_s),
                                                               condition(u"Established"_s, u"InitialNamesAccepted"_s, u"the initial names have been accepted"_s)});
    return st;
}

} // namespace

void installPlatformObjects(ObjectStore &store, const QList<ResourceType> &types)
{
    auto install = [&](const QString &group, const QString &kind, const QString &ns, const QJsonObject &object) {
        for (const ResourceType &t : types) {
            if (t.group != group || t.kind != kind)
                continue;
            const QString key = t.id() + u'/' + ns + u'/' + object.value(u"metadata"_s).toObject().value(u"name"_s).toString();
            if (!store.contains(key))
                store.store(key, store.stamp(object, {}, t, ns));
            return;
        }
    };
    const QByteArray links = R"({"menuLinks":[{"type":"item","link":"/jupyter/","text":"Notebooks","icon":"book"},)"
                             R"({"type":"item","link":"/pipeline/","text":"Pipelines","icon":"kubeflow:pipeline-centered"}],)"
                             R"("externalLinks":[],"quickLinks":[],"documentationItems":[]})";
    install({}, u"ConfigMap"_s, u"kubeflow"_s,
            QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s},
                        {u"metadata"_s, QJsonObject{{u"name"_s, u"centraldashboard-config"_s}, {u"namespace"_s, u"kubeflow"_s}}},
                        {u"data"_s, QJsonObject{{u"links"_s, QString::fromUtf8(links)}, {u"settings"_s, u"{\"DASHBOARD_FORCE_IFRAME\":true}"_s}}}});
    // ODH's applications namespace, and RHOAI's.
    for (const QString &ns : {u"opendatahub"_s, u"redhat-ods-applications"_s}) {
        install({}, u"ConfigMap"_s, ns,
                QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s},
                            {u"metadata"_s, QJsonObject{{u"name"_s, u"federation-config"_s}, {u"namespace"_s, ns}}},
                            {u"data"_s, QJsonObject{{u"module-federation-config.json"_s, u"[]"_s}}}});
        install(u"opendatahub.io"_s, u"OdhDashboardConfig"_s, ns,
                QJsonObject{{u"apiVersion"_s, u"opendatahub.io/v1alpha"_s}, {u"kind"_s, u"OdhDashboardConfig"_s},
                            {u"metadata"_s, QJsonObject{{u"name"_s, u"odh-dashboard-config"_s}, {u"namespace"_s, ns}}},
                            {u"spec"_s, QJsonObject{{u"dashboardConfig"_s, QJsonObject{{u"disableModelRegistry"_s, true}}}}}});
    }
    install(u"datasciencecluster.opendatahub.io"_s, u"DataScienceCluster"_s, QString(),
            QJsonObject{{u"apiVersion"_s, u"datasciencecluster.opendatahub.io/v1"_s}, {u"kind"_s, u"DataScienceCluster"_s},
                        {u"metadata"_s, QJsonObject{{u"name"_s, u"default-dsc"_s}}},
                        {u"spec"_s, QJsonObject{{u"components"_s, QJsonObject{{u"dashboard"_s, QJsonObject{{u"managementState"_s, u"Managed"_s}}},
                                                                          {u"modelregistry"_s, QJsonObject{{u"managementState"_s, u"Removed"_s}}}}}}}});
}

QList<ResourceType> typesOfCrd(const QJsonObject &crd)
{
    const QJsonObject spec = crd.value(u"spec"_s).toObject();
    const QJsonObject names = spec.value(u"names"_s).toObject();
    QList<ResourceType> out;
    for (const QJsonValue &v : spec.value(u"versions"_s).toArray()) {
        const QJsonObject version = v.toObject();
        if (!version.value(u"served"_s).toBool(true))
            continue;
        QStringList subresources;
        const QJsonObject sub = version.contains(u"subresources"_s) ? version.value(u"subresources"_s).toObject() : spec.value(u"subresources"_s).toObject();
        for (const QString &s : {u"status"_s, u"scale"_s})
            if (sub.contains(s))
                subresources << s;
        QStringList shortNames, categories;
        for (const QJsonValue &n : names.value(u"shortNames"_s).toArray())
            shortNames << n.toString();
        for (const QJsonValue &n : names.value(u"categories"_s).toArray())
            categories << n.toString();
        out.append({spec.value(u"group"_s).toString(), version.value(u"name"_s).toString(), names.value(u"kind"_s).toString(),
                    names.value(u"plural"_s).toString(), spec.value(u"scope"_s).toString() != u"Cluster"_s, shortNames, categories,
                    subresources, true,
                    {u"create"_s, u"delete"_s, u"get"_s, u"list"_s, u"patch"_s, u"update"_s, u"watch"_s}});
    }
    return out;
}

CrdRegistry::CrdRegistry(ObjectStore &store, QList<ResourceType> &types, const SchemaValidator &schemas, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_types(types)
    , m_schemas(schemas)
{
    connect(&m_store, &ObjectStore::stored, this, [this](const QString &key) {
        if (key.startsWith(CrdPrefix))
            changed(key);
    });
    connect(&m_store, &ObjectStore::erased, this, [this](const QString &key) {
        if (key.startsWith(CrdPrefix))
            removed(key);
    });
}

QJsonObject CrdRegistry::schemaOf(const ResourceType &type) const
{
    const QJsonObject crd = m_store.value(CrdPrefix + type.plural + u'.' + type.group);
    for (const QJsonValue &v : crd.value(u"spec"_s).toObject().value(u"versions"_s).toArray())
        if (v[u"name"_s].toString() == type.version)
            return v[u"schema"_s][u"openAPIV3Schema"_s].toObject();
    return {};
}

void CrdRegistry::installBuiltins()
{
    const ResourceType *crdType = builtinType(m_types, u"CustomResourceDefinition"_s);
    // One CRD per group and plural, with each served version (the first is the storage version).
    QList<ResourceType> crdKinds;
    for (const ResourceType &t : std::as_const(m_types))
        if (t.crd)
            crdKinds.append(t);
    QStringList done;
    for (const ResourceType &t : std::as_const(crdKinds)) {
        const QString name = t.plural + u'.' + t.group;
        if (done.contains(name))
            continue;
        done << name;
        QJsonArray versions;
        for (const ResourceType &v : std::as_const(crdKinds)) {
            if (v.group != t.group || v.plural != t.plural)
                continue;
            QJsonObject schema{{u"type"_s, u"object"_s}, {u"x-kubernetes-preserve-unknown-fields"_s, true}};
            QFile file(m_schemas.schemaFile(v.groupVersion(), v.kind));
            if (!file.fileName().isEmpty() && file.open(QIODevice::ReadOnly))
                schema = QJsonDocument::fromJson(file.readAll()).object();
            QJsonObject version{{u"name"_s, v.version}, {u"served"_s, true}, {u"storage"_s, versions.isEmpty()},
                                {u"schema"_s, QJsonObject{{u"openAPIV3Schema"_s, schema}}}};
            if (v.subresources.contains(u"status"_s))
                version.insert(u"subresources"_s, QJsonObject{{u"status"_s, QJsonObject{}}});
            versions.append(version);
        }
        const QJsonObject names{{u"kind"_s, t.kind}, {u"listKind"_s, QString(t.kind + u"List"_s)}, {u"plural"_s, t.plural}, {u"singular"_s, t.singular()},
                                {u"shortNames"_s, strings(t.shortNames)}, {u"categories"_s, strings(t.categories)}};
        QJsonObject crd{{u"apiVersion"_s, u"apiextensions.k8s.io/v1"_s}, {u"kind"_s, u"CustomResourceDefinition"_s},
                        {u"metadata"_s, QJsonObject{{u"name"_s, name}}},
                        {u"spec"_s, QJsonObject{{u"group"_s, t.group}, {u"names"_s, names}, {u"scope"_s, t.namespaced ? u"Namespaced"_s : u"Cluster"_s},
                                                {u"versions"_s, versions}}}};
        crd = m_store.stamp(crd, {}, *crdType, QString());
        crd.insert(u"status"_s, establishedStatus(crd, {}));
        m_store.store(CrdPrefix + name, crd);
    }
}

void CrdRegistry::resync()
{
    QStringList keys;
    for (auto it = m_store.objects().lowerBound(CrdPrefix); it != m_store.objects().constEnd() && it.key().startsWith(CrdPrefix); ++it)
        keys << it.key();
    for (const QString &k : std::as_const(keys))
        changed(k);
}

void CrdRegistry::changed(const QString &key)
{
    const QJsonObject crd = m_store.value(key);
    const QJsonObject spec = crd.value(u"spec"_s).toObject();
    const QString group = spec.value(u"group"_s).toString();
    const QString plural = spec.value(u"names"_s).toObject().value(u"plural"_s).toString();
    // The kinds it serves now replace what it served before.
    m_types.removeIf([&](const ResourceType &t) { return t.crd && t.group == group && t.plural == plural; });
    m_types.append(typesOfCrd(crd));
    const QJsonObject status = establishedStatus(crd, crd.value(u"status"_s).toObject());
    if (status != crd.value(u"status"_s).toObject()) {
        QJsonObject updated = crd;
        QJsonObject meta = updated.value(u"metadata"_s).toObject();
        meta.insert(u"resourceVersion"_s, m_store.nextResourceVersion());
        updated.insert(u"metadata"_s, meta);
        updated.insert(u"status"_s, status);
        m_store.store(key, updated);
    }
}

void CrdRegistry::removed(const QString &key)
{
    const QString name = key.mid(CrdPrefix.size());
    const QString plural = name.section(u'.', 0, 0);
    const QString group = name.section(u'.', 1);
    m_types.removeIf([&](const ResourceType &t) { return t.crd && t.group == group && t.plural == plural; });
    // Its objects go with it.
    const QString prefix = group + u'/' + plural + u'/';
    QStringList objects;
    for (auto it = m_store.objects().lowerBound(prefix); it != m_store.objects().constEnd() && it.key().startsWith(prefix); ++it)
        objects << it.key();
    for (const QString &k : std::as_const(objects))
        m_store.erase(k);
}

} // namespace dc::demo
