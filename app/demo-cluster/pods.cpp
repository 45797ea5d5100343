#include "pods.h"

#include "objectstore.h"
#include "rollout.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace dc::demo {

QJsonObject controllerRef(const QJsonObject &owner)
{
    const QJsonObject meta = owner.value(u"metadata"_s).toObject();
    return QJsonObject{{u"apiVersion"_s, owner.value(u"apiVersion"_s)}, {u"kind"_s, owner.value(u"kind"_s)},
                       {u"name"_s, meta.value(u"name"_s)}, {u"uid"_s, meta.value(u"uid"_s)},
                       {u"controller"_s, true}, {u"blockOwnerDeletion"_s, true}};
}

QString createPodFor(ObjectStore &store, const ResourceType &podType, const QJsonObject &owner, const QJsonObject &podTemplate,
                     const QString &restartPolicy)
{
    const QJsonObject ownerMeta = owner.value(u"metadata"_s).toObject();
    const QString ns = ownerMeta.value(u"namespace"_s).toString();
    const QString base = ownerMeta.value(u"name"_s).toString();
    const QString prefix = u"/pods/"_s + ns + u'/';
    QString name;
    do
        name = base + u'-' + randomSuffix();
    while (store.contains(prefix + name));
    QJsonObject meta = podTemplate.value(u"metadata"_s).toObject();
    meta.insert(u"name"_s, name);
    meta.insert(u"generateName"_s, QString(base + u'-'));
    meta.insert(u"namespace"_s, ns);
    meta.insert(u"ownerReferences"_s, QJsonArray{controllerRef(owner)});
    QJsonObject spec = podTemplate.value(u"spec"_s).toObject();
    if (!spec.contains(u"restartPolicy"_s))
        spec.insert(u"restartPolicy"_s, restartPolicy);
    QJsonObject pod{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Pod"_s}, {u"metadata"_s, meta}, {u"spec"_s, spec}};
    pod = store.stamp(pod, {}, podType, ns);
    pod.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Pending"_s}});
    store.store(prefix + name, pod);
    return prefix + name;
}

} // namespace dc::demo
