#include "startpage.h"

#include "config/project.h"
#include "config/recoverystore.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace dc {

StartPage::StartPage(QWidget *parent)
    : QWidget(parent)
    , m_platform(new QComboBox(this))
    , m_environment(new QComboBox(this))
    , m_preset(new QComboBox(this))
    , m_name(new QLineEdit(u"model-registry-ui"_s, this))
    , m_platformText(new QLabel(this))
    , m_environmentText(new QLabel(this))
    , m_presetText(new QLabel(this))
    , m_recent(new QListWidget(this))
    , m_recovery(new QWidget(this))
    , m_recoveryText(new QLabel(this))
{
    setObjectName(u"startPage"_s);
    m_platform->setObjectName(u"newPlatform"_s);
    m_environment->setObjectName(u"newEnvironment"_s);
    m_preset->setObjectName(u"newPreset"_s);
    m_name->setObjectName(u"newName"_s);
    m_recent->setObjectName(u"recentList"_s);
    for (Platform p : {Platform::Kubeflow, Platform::Odh, Platform::Standalone})
        m_platform->addItem(displayName(p));
    for (Environment e : {Environment::Development, Environment::Staging, Environment::Production})
        m_environment->addItem(displayName(e));
    for (Preset p : {Preset::ModelRegistryUi, Preset::Split})
        m_preset->addItem(displayName(p));
    m_name->setValidator(new QRegularExpressionValidator(QRegularExpression(u"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"_s), m_name));

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(64, 40, 64, 40);
    auto *title = new QLabel(u"<h1>Deploy Console</h1><p>Configure, preview, check and export the deployment of a modular web module "
                             u"(the Kubeflow Model Registry UI) for Kubeflow, ODH/RHOAI or plain Kubernetes.</p>"_s,
                             this);
    title->setWordWrap(true);
    outer->addWidget(title);

    auto *recoveryLayout = new QHBoxLayout(m_recovery);
    m_recovery->setObjectName(u"recoveryBanner"_s);
    m_recovery->setAutoFillBackground(true);
    m_recovery->setStyleSheet(u"#recoveryBanner { background: #fff4ce; border: 1px solid #e0b800; border-radius: 4px; } "
                              u"#recoveryBanner QLabel { color: #3b2f00; }"_s);
    m_recoveryText->setWordWrap(true);
    recoveryLayout->addWidget(m_recoveryText, 1);
    auto *recover = new QPushButton(u"&Recover"_s, m_recovery);
    recover->setObjectName(u"recoverButton"_s);
    auto *discard = new QPushButton(u"&Discard"_s, m_recovery);
    discard->setObjectName(u"discardRecoveryButton"_s);
    recoveryLayout->addWidget(recover);
    recoveryLayout->addWidget(discard);
    connect(recover, &QPushButton::clicked, this, &StartPage::recoverRequested);
    connect(discard, &QPushButton::clicked, this, &StartPage::discardRecoveryRequested);
    m_recovery->hide();
    outer->addWidget(m_recovery);

    auto *columns = new QHBoxLayout;
    outer->addLayout(columns, 1);
    auto *newBox = new QGroupBox(u"New project"_s, this);
    auto *form = new QFormLayout(newBox);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    for (QLabel *l : {m_platformText, m_environmentText, m_presetText}) {
        l->setWordWrap(true);
        l->setMinimumWidth(280);
        QFont f = l->font();
        f.setItalic(true); // set apart by style, in the text's own (readable) colour
        l->setFont(f);
    }
    form->addRow(u"&Platform"_s, m_platform);
    form->addRow(QString(), m_platformText);
    form->addRow(u"&Environment"_s, m_environment);
    form->addRow(QString(), m_environmentText);
    form->addRow(u"&Module"_s, m_preset);
    form->addRow(QString(), m_presetText);
    form->addRow(u"&Name"_s, m_name);
    auto *create = new QPushButton(u"C&reate"_s, newBox);
    create->setObjectName(u"createButton"_s);
    create->setDefault(true);
    form->addRow(QString(), create);
    columns->addWidget(newBox, 3, Qt::AlignTop);

    auto *side = new QVBoxLayout;
    auto *open = new QPushButton(u"&Open…"_s, this);
    open->setObjectName(u"openButton"_s);
    auto *demo = new QPushButton(u"Try the &Demo"_s, this);
    demo->setObjectName(u"demoButton"_s);
    demo->setToolTip(u"A sample project for the standalone platform in development, ready to explore."_s);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(open);
    buttons->addWidget(demo);
    buttons->addStretch(1);
    side->addLayout(buttons);
    auto *demoText = new QLabel(u"The demo is a sample project for Standalone Kubernetes in development. To deploy it, start "
                                u"<tt>demo-cluster --kubeconfig-out ~/.kube/demo.yaml</tt>, set <tt>KUBECONFIG</tt> to that file and pick "
                                u"its context in the Cluster list; Cluster ▸ Metrics… then starts a local Prometheus for it."_s,
                                this);
    demoText->setObjectName(u"demoText"_s);
    demoText->setWordWrap(true);
    demoText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    side->addWidget(demoText);
    auto *recentLabel = new QLabel(u"<b>Recent &projects</b>"_s, this);
    recentLabel->setBuddy(m_recent);
    side->addWidget(recentLabel);
    side->addWidget(m_recent, 1);
    columns->addLayout(side, 2);

    // What each platform means, side by side, so the choice above is an informed one.
    auto *platforms = new QGroupBox(u"The platforms"_s, this);
    platforms->setObjectName(u"platformGuide"_s);
    auto *platformRow = new QHBoxLayout(platforms);
    for (Platform p : {Platform::Kubeflow, Platform::Odh, Platform::Standalone}) {
        auto *text = new QLabel(u"<b>%1</b><br>%2"_s.arg(displayName(p).toHtmlEscaped(), description(p).toHtmlEscaped()), platforms);
        text->setWordWrap(true);
        text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        platformRow->addWidget(text, 1);
    }
    outer->addWidget(platforms);

    connect(m_platform, &QComboBox::currentIndexChanged, this, &StartPage::updateDescriptions);
    connect(m_environment, &QComboBox::currentIndexChanged, this, &StartPage::updateDescriptions);
    connect(m_preset, &QComboBox::currentIndexChanged, this, &StartPage::updateDescriptions);
    connect(create, &QPushButton::clicked, this, [this] {
        Q_EMIT createRequested(Target{Platform(m_platform->currentIndex()), Environment(m_environment->currentIndex()), Preset(m_preset->currentIndex())},
                               m_name->text().isEmpty() ? u"model-registry-ui"_s : m_name->text());
    });
    connect(open, &QPushButton::clicked, this, &StartPage::openRequested);
    connect(demo, &QPushButton::clicked, this, &StartPage::demoRequested);
    connect(m_recent, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        if (item->flags() & Qt::ItemIsEnabled)
            Q_EMIT openFileRequested(item->data(Qt::UserRole).toString());
    });
    updateDescriptions();
}

void StartPage::updateDescriptions()
{
    m_platformText->setText(description(Platform(m_platform->currentIndex())));
    m_environmentText->setText(description(Environment(m_environment->currentIndex())));
    m_presetText->setText(description(Preset(m_preset->currentIndex())));
}

void StartPage::setRecentFiles(const QStringList &files)
{
    m_recent->clear();
    for (const QString &f : files) {
        const QFileInfo info(f);
        // Each with its target, read from the file (a few small files, read once per change).
        QString target;
        if (info.exists()) {
            const ProjectLoad loaded = loadProjectFile(f);
            target = loaded.project ? u"%1 · %2 · %3"_s.arg(displayName(loaded.project->target.platform), displayName(loaded.project->target.environment),
                                                            displayName(loaded.project->target.preset))
                                    : u"cannot be read"_s;
        }
        auto *item = new QListWidgetItem(target.isEmpty() ? u"%1\n%2"_s.arg(info.fileName(), info.absolutePath())
                                                          : u"%1 — %2\n%3"_s.arg(info.fileName(), target, info.absolutePath()),
                                         m_recent);
        item->setData(Qt::UserRole, f);
        item->setToolTip(f);
        if (!info.exists()) {
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
            item->setText(item->text() + u" (missing)"_s);
        }
    }
    if (files.isEmpty()) {
        auto *item = new QListWidgetItem(u"No recent projects yet."_s, m_recent);
        item->setFlags(Qt::NoItemFlags);
    }
}

void StartPage::setRecoverable(const QString &description)
{
    m_recoveryText->setText(description);
    m_recovery->setVisible(!description.isEmpty());
}

void StartPage::offerRecovery(const RecoveryEntry &e)
{
    setRecoverable(u"Deploy Console ended without saving changes to <b>%1</b> (autosaved %2). Recover them?"_s.arg(
        e.projectFile.isEmpty() ? u"an untitled project"_s : QFileInfo(e.projectFile).fileName().toHtmlEscaped(),
        e.time.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s)));
}

QStringList StartPage::recentFiles()
{
    return QSettings().value(u"recentFiles"_s).toStringList();
}

QStringList StartPage::rememberRecentFile(const QString &path)
{
    constexpr int MaxRecent = 8;
    QStringList recent = recentFiles();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > MaxRecent)
        recent.removeLast();
    QSettings().setValue(u"recentFiles"_s, recent);
    return recent;
}

} // namespace dc
