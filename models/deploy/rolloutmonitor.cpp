#include "rolloutmonitor.h"

#include "kube/kubeclient.h"
#include "kube/paths.h"
#include "kube/reflector.h"
#include "manifests/bundle.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace dc::deploy {

namespace {

QStringList deploymentsOf(const Bundle &bundle)
{
    QStringList out;
    for (const Document &d : bundle.documents)
        if (d.kind() == u"Deployment"_s)
            out << d.ns() + u'/' + d.name();
    return out;
}

} // namespace

RolloutMonitor::RolloutMonitor(kube::KubeClient *client, const Bundle &bundle, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_model(new RolloutModel(deploymentsOf(bundle), this))
{
    QStringList namespaces;
    QString module;
    for (const Document &d : bundle.documents) {
        if (d.kind() != u"Deployment"_s)
            continue;
        if (!namespaces.contains(d.ns()))
            namespaces << d.ns();
        if (const Node *labels = d.root.at(u"metadata.labels"); labels && module.isEmpty())
            if (const Node *name = labels->get(u"app.kubernetes.io/name"))
                module = name->toString();
    }
    const QString selector = module.isEmpty() ? QString() : u"labelSelector="_s + QString::fromLatin1(QUrl::toPercentEncoding(u"app.kubernetes.io/name="_s + module));
    using K = RolloutModel::Kind;
    for (const QString &ns : std::as_const(namespaces)) {
        for (const auto &[kind, apiVersion, kindName, query] :
             {std::tuple{K::Deployment, u"apps/v1"_s, u"Deployment"_s, selector}, std::tuple{K::ReplicaSet, u"apps/v1"_s, u"ReplicaSet"_s, selector},
              std::tuple{K::Pod, u"v1"_s, u"Pod"_s, selector}, std::tuple{K::Event, u"v1"_s, u"Event"_s, QString()}}) {
            auto *r = new kube::Reflector(m_client, kube::collectionPath(apiVersion, kindName, ns), query, this);
            const K k = kind;
            connect(r, &kube::Reflector::listed, m_model, [this, k, ns](const QList<QJsonObject> &items) { m_model->reset(k, ns, items); });
            connect(r, &kube::Reflector::event, m_model, [this, k](const QString &type, const QJsonObject &o) { m_model->apply(k, type, o); });
            connect(r, &kube::Reflector::connectionChanged, this, [this](bool up, const QString &message) {
                const bool wasConnected = m_lost == 0;
                m_lost += up ? -1 : 1;
                if (wasConnected != (m_lost == 0))
                    Q_EMIT connectionChanged(m_lost == 0, message);
            });
            connect(r, &kube::Reflector::failed, this, [this, kindName, ns](const kube::KubeError &e) {
                Q_EMIT failed(u"%1s in %2: %3"_s.arg(kindName, ns, e.message));
            });
            m_reflectors << r;
        }
    }
}

RolloutMonitor::~RolloutMonitor()
{
    stop();
}

void RolloutMonitor::start()
{
    for (kube::Reflector *r : std::as_const(m_reflectors))
        r->start();
}

void RolloutMonitor::stop()
{
    for (kube::Reflector *r : std::as_const(m_reflectors))
        r->stop();
}

} // namespace dc::deploy
