#pragma once

#include "doctor.h"
#include "kubeconfig.h"
#include "manifests/bundle.h"

#include <QJsonObject>
#include <QList>
#include <QObject>

#include <memory>

namespace dc::kube {

class KubeClient;
class KubeCall;

/// One question to the API server's authorizer, and its answer.
struct AccessCheck
{
    QString verb;
    QString group;
    QString resource;
    QString ns; // "" for cluster-scoped resources
    QString why; // what needs it ("Deployment/model-registry-ui", "merge into ConfigMap/...")
    bool allowed = false;
    QString reason;
};

/// A check's finding, with where in the bundle it points when it is about one document.
struct PreflightCheck
{
    DoctorCheck check;
    QString document; // "Deployment/model-registry-ui" ("" when not about one)
    int line = 0;     // in the bundle's YAML (deployctl render)
    QString field;    // the object's field ("spec.replicas")
    QString setting;  // the project setting that produced it ("deployment.replicas")
};

/**
 * The pre-flight checklist for a bundle against a cluster context, before anything changes
 * (`deployctl check`, the console's checklist): the sign-in (address, TLS, server, identity, as
 * the doctor checks them), the server's version, the namespaces (they exist, or the bundle
 * creates them), one SelfSubjectAccessReview per verb × resource × namespace the objects and
 * the merge steps need, every CRD-defined kind served in the version the bundle writes, the
 * shared objects the merges edit, and a server-side dry run (dryRun=All) of every object in apply
 * order with the server's answer mapped to the document, its line and the setting. Checks run
 * one after another, asynchronously, and can be canceled.
 */
class Preflight : public QObject
{
    Q_OBJECT
public:
    Preflight(Kubeconfig config, QString context, Bundle bundle, QObject *parent = nullptr);
    ~Preflight() override;

    void start();
    void cancel();
    void setTimeout(int ms) { m_timeoutMs = ms; }

    [[nodiscard]] const QList<PreflightCheck> &checks() const { return m_checks; }
    [[nodiscard]] const QList<AccessCheck> &access() const { return m_access; }
    /// No check failed (warnings allowed).
    [[nodiscard]] bool passed() const;
    [[nodiscard]] bool canceled() const { return m_canceled; }
    [[nodiscard]] QJsonObject toJson() const;

Q_SIGNALS:
    void checkFinished(const dc::kube::PreflightCheck &check);
    void finished();

private:
    void add(PreflightCheck check);
    void checkVersion();
    void checkNamespaces();
    void checkAccess();
    void checkCrds();
    void checkSharedObjects();
    void dryRun(size_t index);
    void finish();
    /// Sends `count` calls made by `make(i)`; `done` runs when all have finished.
    void fanOut(int count, const std::function<KubeCall *(int)> &make, const std::function<void(const QList<KubeCall *> &)> &done);

    Kubeconfig m_config;
    QString m_contextName;
    Bundle m_bundle;
    std::unique_ptr<SignInDoctor> m_doctor;
    std::unique_ptr<KubeClient> m_client;
    QList<PreflightCheck> m_checks;
    QList<AccessCheck> m_access;
    QStringList m_createdNamespaces; // namespaces the bundle itself creates
    QStringList m_missingGroups;     // group/versions the cluster does not serve
    qint64 m_started = 0;
    int m_timeoutMs = 10000;
    bool m_canceled = false;
    bool m_finished = false;
};

} // namespace dc::kube
