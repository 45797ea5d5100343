#include "endpoints.h"

#include "objectstore.h"
#include "rollout.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace dc::demo {

namespace {

const QString ServicesPrefix = u"/services/"_s;
const QString PodsPrefix = u"/pods/"_s;
const QString EndpointsPrefix = u"/endpoints/"_s;
const QString SlicesPrefix = u"discovery.k8s.io/endpointslices/"_s;

QString namespaceOfKey(const QString &key)
{
    return key.section(u'/', 2, 2);
}

bool selects(const QJsonObject &selector, const QJsonObject &labels)
{
    if (selector.isEmpty())
        return false;
    for (auto it = selector.begin(); it != selector.end(); ++it)
        if (labels.value(it.key()) != *it)
            return false;
    return true;
}

bool podReady(const QJsonObject &pod)
{
    for (const QJsonValue &c : pod.value(u"status"_s).toObject().value(u"conditions"_s).toArray())
        if (c.toObject().value(u"type"_s).toString() == u"Ready"_s)
            return c.toObject().value(u"status"_s).toString() == u"True"_s;
    return false;
}

// A Service port's target on a pod: a number, or the container port of that name (0: none).
qint64 targetPort(const QJsonObject &servicePort, const QJsonObject &pod)
{
    const QJsonValue target = servicePort.contains(u"targetPort"_s) ? servicePort.value(u"targetPort"_s) : servicePort.value(u"port"_s);
    if (target.isDouble())
        return target.toInteger();
    for (const QJsonValue &c : pod.value(u"spec"_s).toObject().value(u"containers"_s).toArray())
        for (const QJsonValue &p : c.toObject().value(u"ports"_s).toArray())
            if (p.toObject().value(u"name"_s).toString() == target.toString())
                return p.toObject().value(u"containerPort"_s).toInteger();
    return target.toString().toLongLong();
}

QJsonObject podRef(const QJsonObject &pod)
{
    const QJsonObject m = pod.value(u"metadata"_s).toObject();
    return QJsonObject{{u"kind"_s, u"Pod"_s}, {u"namespace"_s, m.value(u"namespace"_s)}, {u"name"_s, m.value(u"name"_s)}, {u"uid"_s, m.value(u"uid"_s)}};
}

} // namespace

QList<QJsonObject> nodeObjects(const QStringList &names, int maxPods)
{
    QList<QJsonObject> nodes;
    const char *zones[] = {"demo-zone-a", "demo-zone-b", "demo-zone-c"};
    for (qsizetype i = 0; i < names.size(); ++i) {
        const QString name = names[i];
        const QString zone = QString::fromLatin1(zones[i % 3]);
        const QJsonObject resources{{u"cpu"_s, u"4"_s}, {u"memory"_s, u"16393120Ki"_s}, {u"ephemeral-storage"_s, u"102626232Ki"_s},
                                    {u"pods"_s, QString::number(maxPods)}};
        auto condition = [](const char *type, bool status, const char *reason, const char *message) {
            return QJsonObject{{u"type"_s, QString::fromLatin1(type)}, {u"status"_s, status ? u"True"_s : u"False"_s},
                               {u"reason"_s, QString::fromLatin1(reason)}, {u"message"_s, QString::fromLatin1(message)}};
        };
        nodes.append(QJsonObject{
            {u"apiVersion"_s, u"v1"_s},
            {u"kind"_s, u"Node"_s},
            {u"metadata"_s, QJsonObject{{u"name"_s, name},
                                        {u"labels"_s, QJsonObject{{u"kubernetes.io/hostname"_s, name}, {u"kubernetes.io/os"_s, u"linux"_s},
                                                                  {u"kubernetes.io/arch"_s, u"amd64"_s}, {u"topology.kubernetes.io/zone"_s, zone},
                                                                  {u"node-role.kubernetes.io/worker"_s, QString()}}}}},
            {u"spec"_s, QJsonObject{{u"podCIDR"_s, u"10.244.%1.0/24"_s.arg(i + 1)}, {u"podCIDRs"_s, QJsonArray{u"10.244.%1.0/24"_s.arg(i + 1)}}}},
            {u"status"_s, QJsonObject{
                              {u"capacity"_s, resources},
                              {u"allocatable"_s, resources},
                              {u"conditions"_s, QJsonArray{condition("MemoryPressure", false, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                                                           condition("DiskPressure", false, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                                                           condition("PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                                                           condition("Ready", true, "KubeletReady", "kubelet is posting ready status")}},
                              {u"addresses"_s, QJsonArray{QJsonObject{{u"type"_s, u"InternalIP"_s}, {u"address"_s, u"172.18.0.%1"_s.arg(i + 2)}},
                                                          QJsonObject{{u"type"_s, u"Hostname"_s}, {u"address"_s, name}}}},
                              {u"nodeInfo"_s, QJsonObject{{u"kubeletVersion"_s, u"v1.32.0"_s}, {u"kubeProxyVersion"_s, u"v1.32.0"_s},
                                                          {u"containerRuntimeVersion"_s, u"containerd://1.7.24"_s}, {u"osImage"_s, u"Debian GNU/Linux 12 (bookworm)"_s},
                                                          {u"kernelVersion"_s, u"6.1.0-demo"_s}, {u"operatingSystem"_s, u"linux"_s},
                                                          {u"architecture"_s, u"amd64"_s}}}}}});
    }
    return nodes;
}

EndpointsController::EndpointsController(ObjectStore &store, QList<ResourceType> types, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_types(std::move(types))
{
    auto touched = [this](const QString &key) {
        if (!m_writing && (key.startsWith(PodsPrefix) || key.startsWith(ServicesPrefix)))
            m_dirtyNamespaces.insert(namespaceOfKey(key));
    };
    connect(&m_store, &ObjectStore::stored, this, touched);
    connect(&m_store, &ObjectStore::erased, this, touched);
}

void EndpointsController::sync()
{
    const QSet<QString> namespaces = std::exchange(m_dirtyNamespaces, {});
    for (const QString &ns : namespaces) {
        QList<QJsonObject> pods;
        const QString podPrefix = PodsPrefix + ns + u'/';
        for (auto it = m_store.objects().lowerBound(podPrefix); it != m_store.objects().constEnd() && it.key().startsWith(podPrefix); ++it)
            pods.append(*it);
        QList<QJsonObject> services;
        const QString servicePrefix = ServicesPrefix + ns + u'/';
        for (auto it = m_store.objects().lowerBound(servicePrefix); it != m_store.objects().constEnd() && it.key().startsWith(servicePrefix); ++it)
            services.append(*it);
        for (const QJsonObject &service : std::as_const(services))
            syncService(service, pods);
        // Endpoints and slices of Services that are gone go too.
        QStringList stale;
        const QString epPrefix = EndpointsPrefix + ns + u'/';
        for (auto it = m_store.objects().lowerBound(epPrefix); it != m_store.objects().constEnd() && it.key().startsWith(epPrefix); ++it)
            if (!m_store.contains(ServicesPrefix + ns + u'/' + it->value(u"metadata"_s).toObject().value(u"name"_s).toString()))
                stale << it.key();
        const QString slicePrefix = SlicesPrefix + ns + u'/';
        for (auto it = m_store.objects().lowerBound(slicePrefix); it != m_store.objects().constEnd() && it.key().startsWith(slicePrefix); ++it) {
            const QString service = it->value(u"metadata"_s).toObject().value(u"labels"_s).toObject().value(u"kubernetes.io/service-name"_s).toString();
            if (!m_store.contains(ServicesPrefix + ns + u'/' + service))
                stale << it.key();
        }
        m_writing = true;
        for (const QString &k : std::as_const(stale))
            m_store.erase(k);
        m_writing = false;
    }
}

void EndpointsController::syncService(const QJsonObject &service, const QList<QJsonObject> &pods)
{
    const QJsonObject spec = service.value(u"spec"_s).toObject();
    const QJsonObject selector = spec.value(u"selector"_s).toObject();
    if (selector.isEmpty())
        return; // no selector: its endpoints are someone else's to write
    const QJsonObject meta = service.value(u"metadata"_s).toObject();
    const QString ns = meta.value(u"namespace"_s).toString();
    const QString name = meta.value(u"name"_s).toString();
    QJsonArray ready, notReady, sliceEndpoints;
    QJsonArray ports, slicePorts;
    bool portsDone = false;
    for (const QJsonObject &pod : pods) {
        if (!selects(selector, pod.value(u"metadata"_s).toObject().value(u"labels"_s).toObject()))
            continue;
        const QString ip = pod.value(u"status"_s).toObject().value(u"podIP"_s).toString();
        if (ip.isEmpty())
            continue; // not started yet
        const bool isReady = podReady(pod);
        const QString node = pod.value(u"spec"_s).toObject().value(u"nodeName"_s).toString();
        const QJsonObject address{{u"ip"_s, ip}, {u"nodeName"_s, node}, {u"targetRef"_s, podRef(pod)}};
        (isReady ? ready : notReady).append(address);
        sliceEndpoints.append(QJsonObject{{u"addresses"_s, QJsonArray{ip}},
                                          {u"conditions"_s, QJsonObject{{u"ready"_s, isReady}, {u"serving"_s, isReady}, {u"terminating"_s, false}}},
                                          {u"nodeName"_s, node}, {u"targetRef"_s, podRef(pod)}});
        if (!portsDone) {
            portsDone = true;
            for (const QJsonValue &v : spec.value(u"ports"_s).toArray()) {
                const QJsonObject sp = v.toObject();
                QJsonObject p{{u"port"_s, targetPort(sp, pod)}, {u"protocol"_s, sp.value(u"protocol"_s).toString(u"TCP"_s)}};
                if (sp.contains(u"name"_s))
                    p.insert(u"name"_s, sp.value(u"name"_s));
                ports.append(p);
                slicePorts.append(p);
            }
        }
    }
    const ResourceType *epType = builtinType(m_types, u"Endpoints"_s);
    const ResourceType *sliceType = builtinType(m_types, u"EndpointSlice"_s);
    QJsonObject subset;
    if (!ready.isEmpty())
        subset.insert(u"addresses"_s, ready);
    if (!notReady.isEmpty())
        subset.insert(u"notReadyAddresses"_s, notReady);
    QJsonObject endpoints{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Endpoints"_s},
                          {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}, {u"labels"_s, meta.value(u"labels"_s)}}}};
    if (!subset.isEmpty()) {
        subset.insert(u"ports"_s, ports);
        endpoints.insert(u"subsets"_s, QJsonArray{subset});
    }
    const QString epKey = EndpointsPrefix + ns + u'/' + name;
    m_writing = true;
    const QJsonObject previousEp = m_store.value(epKey);
    const QJsonObject stampedEp = m_store.stamp(endpoints, previousEp, *epType, ns);
    if (stampedEp != previousEp)
        m_store.store(epKey, stampedEp);
    // One slice per Service, named as the controller's generateName names it.
    QString sliceKey;
    const QString slicePrefix = SlicesPrefix + ns + u'/' + name + u'-';
    for (auto it = m_store.objects().lowerBound(slicePrefix); it != m_store.objects().constEnd() && it.key().startsWith(slicePrefix); ++it)
        sliceKey = it.key();
    const QString sliceName = sliceKey.isEmpty() ? name + u'-' + randomSuffix() : sliceKey.section(u'/', 3);
    if (sliceKey.isEmpty())
        sliceKey = SlicesPrefix + ns + u'/' + sliceName;
    const QJsonObject owner{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Service"_s}, {u"name"_s, name}, {u"uid"_s, meta.value(u"uid"_s)},
                            {u"controller"_s, true}, {u"blockOwnerDeletion"_s, true}};
    const QJsonObject slice{{u"apiVersion"_s, u"discovery.k8s.io/v1"_s}, {u"kind"_s, u"EndpointSlice"_s},
                            {u"metadata"_s, QJsonObject{{u"name"_s, sliceName}, {u"namespace"_s, ns}, {u"generateName"_s, QString(name + u'-')},
                                                        {u"labels"_s, QJsonObject{{u"kubernetes.io/service-name"_s, name},
                                                                                  {u"endpointslice.kubernetes.io/managed-by"_s, u"endpointslice-controller.k8s.io"_s}}},
                                                        {u"ownerReferences"_s, QJsonArray{owner}}}},
                            {u"addressType"_s, u"IPv4"_s}, {u"endpoints"_s, sliceEndpoints}, {u"ports"_s, slicePorts}};
    const QJsonObject previousSlice = m_store.value(sliceKey);
    const QJsonObject stampedSlice = m_store.stamp(slice, previousSlice, *sliceType, ns);
    if (stampedSlice != previousSlice)
        m_store.store(sliceKey, stampedSlice);
    m_writing = false;
}

} // namespace dc::demo
