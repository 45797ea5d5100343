#include "targetbar.h"

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
}

void TargetBar::setTarget(const Target &t)
{
    for (auto [box, index] : {std::pair{m_platform, int(t.platform)}, std::pair{m_environment, int(t.environment)}, std::pair{m_preset, int(t.preset)}}) {
        const QSignalBlocker block(box);
        box->setCurrentIndex(index);
    }
}

} // namespace dc
