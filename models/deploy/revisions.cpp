#include "revisions.h"

#include "rolloutstatus.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace dc::deploy {

namespace {

QJsonObject withoutHash(QJsonObject podTemplate)
{
    QJsonObject metadata = podTemplate.value(u"metadata"_s).toObject();
    QJsonObject labels = metadata.value(u"labels"_s).toObject();
    labels.remove(u"pod-template-hash"_s);
    metadata.insert(u"labels"_s, labels);
    podTemplate.insert(u"metadata"_s, metadata);
    return podTemplate;
}

} // namespace

QList<Revision> revisionsOf(const QJsonObject &deployment, const QJsonArray &replicaSets)
{
    const QString uid = deployment[u"metadata"_s][u"uid"_s].toString();
    const qint64 currentRevision = revisionOf(deployment);
    QList<Revision> out;
    for (const QJsonValue &v : replicaSets) {
        const QJsonObject rs = v.toObject();
        bool owned = false;
        for (const QJsonValue &o : rs[u"metadata"_s][u"ownerReferences"_s].toArray())
            owned = owned || (o[u"uid"_s].toString() == uid && o[u"controller"_s].toBool());
        if (!owned)
            continue;
        Revision r;
        r.number = revisionOf(rs);
        r.replicaSet = rs[u"metadata"_s][u"name"_s].toString();
        r.changeCause = rs[u"metadata"_s][u"annotations"_s][u"kubernetes.io/change-cause"_s].toString();
        r.podTemplate = withoutHash(rs[u"spec"_s][u"template"_s].toObject());
        for (const QJsonValue &c : r.podTemplate[u"spec"_s][u"containers"_s].toArray())
            r.images << c[u"image"_s].toString();
        r.current = r.number == currentRevision;
        r.replicas = rs[u"status"_s][u"replicas"_s].toInteger();
        out << r;
    }
    std::sort(out.begin(), out.end(), [](const Revision &a, const Revision &b) { return a.number < b.number; });
    return out;
}

RollbackPlan planRollback(const QJsonObject &deployment, const QList<Revision> &revisions, qint64 toRevision)
{
    RollbackPlan plan;
    const QString name = deployment[u"metadata"_s][u"name"_s].toString();
    // kubectl's words, with our way to resume.
    if (deployment[u"spec"_s][u"paused"_s].toBool()) {
        plan.error = u"you cannot rollback a paused deployment; resume it first (deployctl resume, or the console's Resume) and try again"_s;
        return plan;
    }
    const Revision *target = nullptr;
    if (toRevision == 0) {
        // The newest revision before the current one.
        const qint64 current = revisionOf(deployment);
        for (const Revision &r : revisions)
            if (r.number < current && (!target || r.number > target->number))
                target = &r;
        if (!target) {
            plan.error = u"no rollout history found for deployment \"%1\""_s.arg(name);
            return plan;
        }
    } else {
        for (const Revision &r : revisions)
            if (r.number == toRevision)
                target = &r;
        if (!target) {
            plan.error = u"unable to find specified revision %1 in history"_s.arg(toRevision);
            return plan;
        }
    }
    plan.toRevision = target->number;
    if (deployment[u"spec"_s][u"template"_s].toObject() == target->podTemplate) {
        plan.skipped = true;
        return plan;
    }
    // The Deployment's annotations, with the revision's change-cause (as kubectl copies it).
    QJsonObject annotations = deployment[u"metadata"_s][u"annotations"_s].toObject();
    if (!target->changeCause.isEmpty())
        annotations.insert(u"kubernetes.io/change-cause"_s, target->changeCause);
    else
        annotations.remove(u"kubernetes.io/change-cause"_s);
    const QJsonArray patch{QJsonObject{{u"op"_s, u"replace"_s}, {u"path"_s, u"/spec/template"_s}, {u"value"_s, target->podTemplate}},
                           QJsonObject{{u"op"_s, u"replace"_s}, {u"path"_s, u"/metadata/annotations"_s}, {u"value"_s, annotations}}};
    plan.jsonPatch = QJsonDocument(patch).toJson(QJsonDocument::Compact);
    return plan;
}

} // namespace dc::deploy
