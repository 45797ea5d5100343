#include "openapi.h"

#include "apierror.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

QString groupVersionPath(const ResourceType &t)
{
    return t.group.isEmpty() ? QString(u"api/"_s + t.version) : QString(u"apis/"_s + t.group + u'/' + t.version);
}

// The component name a real API server gives the kind's schema.
QString componentName(const ResourceType &t)
{
    if (t.crd) {
        QStringList parts = t.group.split(u'.');
        std::reverse(parts.begin(), parts.end());
        return parts.join(u'.') + u'.' + t.version + u'.' + t.kind;
    }
    QString group = t.group.isEmpty() ? u"core"_s : t.group.section(u'.', 0, 0);
    if (t.group == u"apiextensions.k8s.io"_s)
        return u"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions."_s + t.version + u'.' + t.kind;
    return u"io.k8s.api."_s + group + u'.' + t.version + u'.' + t.kind;
}

QJsonObject readJson(const QString &file)
{
    static QHash<QString, QJsonObject> cache;
    const auto it = cache.constFind(file);
    if (it != cache.constEnd())
        return *it;
    QFile f(file);
    const QJsonObject o = f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    cache.insert(file, o);
    return o;
}

QJsonValue nullableFree(const QJsonValue &v)
{
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : v.toArray())
            out.append(nullableFree(item));
        return out;
    }
    if (!v.isObject())
        return v;
    QJsonObject o = v.toObject();
    o.remove(u"$schema"_s);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() == u"type"_s && it->isArray()) {
            QString single;
            for (const QJsonValue &t : it->toArray())
                if (t.toString() != u"null"_s && single.isEmpty())
                    single = t.toString();
            *it = single;
        } else if (it.key() != u"enum"_s && it.key() != u"default"_s && it.key() != u"example"_s) {
            *it = nullableFree(*it);
        }
    }
    return o;
}

QJsonObject typeMetaProperty(const QJsonObject &from, const QString &name)
{
    QJsonObject p = from.value(u"properties"_s).toObject().value(name).toObject();
    p.remove(u"enum"_s);
    return p;
}

} // namespace

QJsonObject openApiSchema(const QJsonObject &jsonSchema)
{
    return nullableFree(jsonSchema).toObject();
}

QJsonObject builtinSchema(const ResourceType &type, const QString &schemaFile, const QString &deploymentSchemaFile)
{
    if (!schemaFile.isEmpty())
        return readJson(schemaFile);
    // The other built-in kinds share their parts with the Deployment's schema.
    const QJsonObject deployment = readJson(deploymentSchemaFile);
    const QJsonObject props = deployment.value(u"properties"_s).toObject();
    const QJsonObject spec = props.value(u"spec"_s).toObject();
    const QJsonObject specProps = spec.value(u"properties"_s).toObject();
    const QJsonObject podTemplate = specProps.value(u"template"_s).toObject().value(u"properties"_s).toObject();
    QJsonObject properties{{u"apiVersion"_s, typeMetaProperty(deployment, u"apiVersion"_s)},
                           {u"kind"_s, typeMetaProperty(deployment, u"kind"_s)}, {u"metadata"_s, props.value(u"metadata"_s)}};
    if (type.kind == u"Job"_s || type.kind == u"CronJob"_s) {
        auto field = [](const QString &kind, const QString &text) { return QJsonObject{{u"type"_s, kind}, {u"description"_s, text}}; };
        const QJsonObject jobSpec{
            {u"description"_s, u"JobSpec describes how the job execution will look like."_s},
            {u"type"_s, u"object"_s},
            {u"required"_s, QJsonArray{u"template"_s}},
            {u"properties"_s,
             QJsonObject{{u"parallelism"_s, field(u"integer"_s, u"How many pods of the job may run at the same time. Defaults to 1."_s)},
                         {u"completions"_s, field(u"integer"_s, u"How many pods must finish successfully for the job to be complete. Defaults to 1."_s)},
                         {u"backoffLimit"_s, field(u"integer"_s, u"How many failed pods the job tolerates before it is marked Failed. Defaults to 6."_s)},
                         {u"activeDeadlineSeconds"_s, field(u"integer"_s, u"How long the job may be active, in seconds, before the system tries to stop it."_s)},
                         {u"ttlSecondsAfterFinished"_s, field(u"integer"_s, u"How long a finished job is kept before it is deleted automatically."_s)},
                         {u"completionMode"_s, field(u"string"_s, u"NonIndexed (the default) or Indexed: whether each pod gets a completion index."_s)},
                         {u"suspend"_s, field(u"boolean"_s, u"While true, the job's pods are not created (running ones are stopped)."_s)},
                         {u"manualSelector"_s, field(u"boolean"_s, u"Whether the selector is given by the user rather than generated."_s)},
                         {u"podReplacementPolicy"_s, field(u"string"_s, u"When replacement pods are created: TerminatingOrFailed (the default) or Failed."_s)},
                         {u"selector"_s, specProps.value(u"selector"_s)},
                         {u"template"_s, specProps.value(u"template"_s)}}}};
        if (type.kind == u"Job"_s) {
            properties.insert(u"spec"_s, jobSpec);
            return QJsonObject{{u"description"_s, u"Job represents the configuration of a single job: pods that run until a number of them succeeded."_s},
                               {u"type"_s, u"object"_s}, {u"properties"_s, properties}};
        }
        const QJsonObject cronSpec{
            {u"description"_s, u"CronJobSpec describes how the job execution will look like and when it will actually run."_s},
            {u"type"_s, u"object"_s},
            {u"required"_s, QJsonArray{u"schedule"_s, u"jobTemplate"_s}},
            {u"properties"_s,
             QJsonObject{{u"schedule"_s, field(u"string"_s, u"The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."_s)},
                         {u"timeZone"_s, field(u"string"_s, u"The time zone name for the schedule; the controller's time zone (UTC here) when unset."_s)},
                         {u"startingDeadlineSeconds"_s, field(u"integer"_s, u"How late, in seconds, a missed scheduled run may still start."_s)},
                         {u"concurrencyPolicy"_s, field(u"string"_s, u"How concurrent runs are treated: Allow (the default), Forbid or Replace."_s)},
                         {u"suspend"_s, field(u"boolean"_s, u"While true, no further runs are started. Defaults to false."_s)},
                         {u"successfulJobsHistoryLimit"_s, field(u"integer"_s, u"How many finished successful jobs are kept. Defaults to 3."_s)},
                         {u"failedJobsHistoryLimit"_s, field(u"integer"_s, u"How many failed jobs are kept. Defaults to 1."_s)},
                         {u"jobTemplate"_s, QJsonObject{{u"description"_s, u"The job that is created at each scheduled time."_s},
                                                        {u"type"_s, u"object"_s},
                                                        {u"properties"_s, QJsonObject{{u"metadata"_s, props.value(u"metadata"_s)}, {u"spec"_s, jobSpec}}}}}}}};
        properties.insert(u"spec"_s, cronSpec);
        return QJsonObject{{u"description"_s, u"CronJob represents the configuration of a single cron job: a Job started at scheduled times."_s},
                           {u"type"_s, u"object"_s}, {u"properties"_s, properties}};
    }
    if (type.kind != u"Pod"_s && type.kind != u"ReplicaSet"_s) {
        // Kinds the project has no schema of: their object metadata, described as such.
        return QJsonObject{{u"description"_s, u"%1 (demo-cluster describes only its object metadata)."_s.arg(type.kind)},
                           {u"type"_s, u"object"_s}, {u"properties"_s, properties}};
    }
    if (type.kind == u"Pod"_s) {
        properties.insert(u"spec"_s, podTemplate.value(u"spec"_s));
        return QJsonObject{{u"description"_s, u"Pod is a collection of containers that can run on a host, created by clients and scheduled onto nodes."_s},
                           {u"type"_s, u"object"_s}, {u"properties"_s, properties}};
    }
    QJsonObject rsSpec{{u"description"_s, u"ReplicaSetSpec is the specification of a ReplicaSet."_s}, {u"type"_s, u"object"_s}};
    QJsonObject rsProps;
    for (const QString &k : {u"replicas"_s, u"minReadySeconds"_s, u"selector"_s, u"template"_s})
        rsProps.insert(k, specProps.value(k));
    rsSpec.insert(u"properties"_s, rsProps);
    rsSpec.insert(u"required"_s, QJsonArray{u"selector"_s});
    properties.insert(u"spec"_s, rsSpec);
    return QJsonObject{{u"description"_s, u"ReplicaSet ensures that a specified number of pod replicas are running at any given time."_s},
                       {u"type"_s, u"object"_s}, {u"properties"_s, properties}};
}

HttpResponse openApi(const QList<ResourceType> &types, const QString &path, const SchemaLookup &schemaOf)
{
    if (path == u"/openapi/v2"_s) {
        // Protobuf (gnostic openapi_v2.Document): swagger, info, paths, definitions (empty).
        const QByteArray title = "Kubernetes", version = "v1.32.0";
        auto field = [](char tag, const QByteArray &bytes) -> QByteArray { return QByteArray(1, tag) + QByteArray(1, char(bytes.size())) + bytes; };
        const QByteArray info = QByteArray(field(0x0A, title) + field(0x12, version)); // 1: title, 2: version
        const QByteArray doc = field(0x0A, "2.0") + field(0x12, info)       // 1: swagger, 2: info
            + field(0x42, {}) + field(0x4A, {});                           // 8: paths, 9: definitions
        return {200, "application/octet-stream", doc};
    }
    QStringList gvs;
    for (const ResourceType &t : types)
        if (!gvs.contains(groupVersionPath(t)))
            gvs << groupVersionPath(t);
    if (path == u"/openapi/v3"_s || path == u"/openapi/v3/"_s) {
        QJsonObject paths;
        for (const QString &gv : std::as_const(gvs)) {
            // The hash changes with what the document holds (a CRD applied), as kubectl's cache expects.
            QByteArray content = gv.toUtf8();
            for (const ResourceType &t : types)
                if (groupVersionPath(t) == gv)
                    content += t.kind.toUtf8() + (t.crd ? QJsonDocument(schemaOf(t)).toJson(QJsonDocument::Compact) : QByteArray());
            const QByteArray hash = QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex().left(16);
            paths.insert(gv, QJsonObject{{u"serverRelativeURL"_s, QString(u"/openapi/v3/"_s + gv + u"?hash="_s + QString::fromLatin1(hash))}});
        }
        return json(QJsonObject{{u"paths"_s, paths}});
    }
    const QString gv = path.mid(QStringLiteral("/openapi/v3/").size());
    if (!path.startsWith(u"/openapi/v3/"_s) || !gvs.contains(gv))
        return apiError(ApiReason::NotFound, u"the server could not find the requested resource"_s);
    QJsonObject paths, schemas;
    for (const ResourceType &t : types) {
        if (groupVersionPath(t) != gv)
            continue;
        const QString p = u'/' + gv + (t.namespaced ? u"/namespaces/{namespace}/"_s : u"/"_s) + t.plural + u"/{name}"_s;
        const QJsonObject gvk{{u"group"_s, t.group}, {u"version"_s, t.version}, {u"kind"_s, t.kind}};
        const QJsonArray params{QJsonObject{{u"name"_s, u"fieldValidation"_s}, {u"in"_s, u"query"_s}, {u"schema"_s, QJsonObject{{u"type"_s, u"string"_s}}}},
                                QJsonObject{{u"name"_s, u"fieldManager"_s}, {u"in"_s, u"query"_s}, {u"schema"_s, QJsonObject{{u"type"_s, u"string"_s}}}},
                                QJsonObject{{u"name"_s, u"dryRun"_s}, {u"in"_s, u"query"_s}, {u"schema"_s, QJsonObject{{u"type"_s, u"string"_s}}}}};
        const QJsonObject op{{u"operationId"_s, QString(u"patch"_s + t.kind)}, {u"x-kubernetes-group-version-kind"_s, gvk},
                             {u"x-kubernetes-action"_s, u"patch"_s}, {u"parameters"_s, params},
                             {u"responses"_s, QJsonObject{{u"200"_s, QJsonObject{{u"description"_s, u"OK"_s}}}}}};
        paths.insert(p, QJsonObject{{u"patch"_s, op}});
        QJsonObject schema = openApiSchema(schemaOf(t));
        if (schema.isEmpty())
            continue;
        schema.insert(u"x-kubernetes-group-version-kind"_s, QJsonArray{gvk});
        schemas.insert(componentName(t), schema);
    }
    return json(QJsonObject{{u"openapi"_s, u"3.0.0"_s},
                            {u"info"_s, QJsonObject{{u"title"_s, u"Kubernetes"_s}, {u"version"_s, u"v1.32.0"_s}}},
                            {u"paths"_s, paths}, {u"components"_s, QJsonObject{{u"schemas"_s, schemas}}}});
}

} // namespace dc::demo
