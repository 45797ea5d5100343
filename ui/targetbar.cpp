#include "targetbar.h"

#include "theme.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

QComboBox *targetCombo(QWidget *parent, const QString &objectName, const QStringList &names, const QStringList &tips)
{
    auto *c = new QComboBox(parent);
    c->setObjectName(objectName);
    for (int i = 0; i < names.size(); ++i) {
        c->addItem(names.at(i));
        c->setItemData(i, tips.at(i), Qt::ToolTipRole);
    }
    return c;
}

} // namespace

TargetBar::TargetBar(QWidget *parent)
    : QWidget(parent)
    , m_platform(targetCombo(this, u"platformCombo"_s, {displayName(Platform::Kubeflow), displayName(Platform::Odh), displayName(Platform::Standalone)},
                             {description(Platform::Kubeflow), description(Platform::Odh), description(Platform::Standalone)}))
    , m_environment(targetCombo(this, u"environmentCombo"_s,
                                {displayName(Environment::Development), displayName(Environment::Staging), displayName(Environment::Production)},
                                {description(Environment::Development), description(Environment::Staging), description(Environment::Production)}))
    , m_preset(targetCombo(this, u"presetCombo"_s, {displayName(Preset::ModelRegistryUi), displayName(Preset::Split)},
                           {description(Preset::ModelRegistryUi), description(Preset::Split)}))
{
    auto *bar = new QHBoxLayout(this);
    bar->setContentsMargins(0, 0, 0, 0);
    for (auto [label, box] : {std::pair{u"&Platform"_s, m_platform}, std::pair{u"&Environment"_s, m_environment}, std::pair{u"&Module"_s, m_preset}}) {
        auto *l = new QLabel(label, this);
        l->setBuddy(box);
        bar->addWidget(l);
        bar->addWidget(box);
        bar->addSpacing(8);
        connect(box, &QComboBox::activated, this, [this] {
            Q_EMIT targetChosen(Target{Platform(m_platform->currentIndex()), Environment(m_environment->currentIndex()), Preset(m_preset->currentIndex())});
        });
    }
    bar->addStretch(1);
    // The cluster: offline until the user picks a context (nothing contacts a cluster before).
    m_cluster = new QComboBox(this);
    m_cluster->setObjectName(u"clusterContext"_s);
    m_cluster->setToolTip(u"The kubeconfig context to check the bundle against (Cluster ▸ Check Cluster…)"_s);
    m_clusterState = new QLabel(this);
    m_clusterState->setObjectName(u"clusterState"_s);
    auto *label = new QLabel(u"C&luster"_s, this);
    label->setBuddy(m_cluster);
    bar->addWidget(label);
    bar->addWidget(m_cluster);
    bar->addWidget(m_clusterState);
    connect(m_cluster, &QComboBox::activated, this, [this] { Q_EMIT clusterContextChosen(clusterContext()); });
    setClusterContexts({});
}

void TargetBar::setClusterContexts(const QList<std::pair<QString, QString>> &contexts)
{
    const QSignalBlocker block(m_cluster);
    const QString chosen = m_cluster->count() ? clusterContext() : QString();
    m_cluster->clear();
    m_cluster->addItem(u"Offline"_s);
    m_cluster->setItemData(0, u"Author and export without a cluster"_s, Qt::ToolTipRole);
    for (const auto &[name, ns] : contexts)
        m_cluster->addItem(u"%1 · %2"_s.arg(name, ns.isEmpty() ? u"default"_s : ns), name);
    m_cluster->setCurrentIndex(std::max(0, m_cluster->findData(chosen.isEmpty() ? QString() : chosen)));
    m_cluster->setEnabled(!contexts.isEmpty());
    if (contexts.isEmpty())
        m_cluster->setToolTip(u"No kubeconfig found ($KUBECONFIG, ~/.kube/config)"_s);
    setClusterState({}, false);
}

void TargetBar::setClusterState(const QString &text, bool ok)
{
    const QColor colour = statusColour(text.isEmpty() ? QString() : ok ? u"ok"_s : u"fail"_s);
    m_clusterState->setText(clusterContext().isEmpty() ? QString() : u"<span style=\"color:%1\">●</span>"_s.arg(colour.name()));
    m_clusterState->setToolTip(text.isEmpty() ? u"Not checked"_s : text);
    m_clusterState->setAccessibleName(u"Connection: "_s + (text.isEmpty() ? u"not checked"_s : text));
}

QString TargetBar::clusterContext() const
{
    return m_cluster->currentData().toString();
}

void TargetBar::setTarget(const Target &t)
{
    for (auto [box, index] : {std::pair{m_platform, int(t.platform)}, std::pair{m_environment, int(t.environment)}, std::pair{m_preset, int(t.preset)}}) {
        const QSignalBlocker block(box);
        box->setCurrentIndex(index);
    }
}

} // namespace dc
