#include "deploywindow.h"

#include "deploy/applier.h"
#include "deploy/applyhistory.h"
#include "deploy/applyrecorder.h"
#include "deploy/bundlediff.h"
#include "kube/kubeclient.h"
#include "kube/paths.h"
#include "rolloutview.h"
#include "theme.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

const char *const StateNames[] = {"new", "changed", "unchanged", "error"};

QPlainTextEdit *codeView(QWidget *parent, const QString &name)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

} // namespace

DeployWindow::DeployWindow(const kube::Kubeconfig::Resolved &context, Bundle bundle, Target target, QString projectFile, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_bundle(std::move(bundle))
    , m_target(target)
    , m_projectFile(std::move(projectFile))
    , m_client(std::make_unique<kube::KubeClient>(context))
{
    setWindowTitle(u"Deploy — %1"_s.arg(context.context.name));
    setObjectName(u"deployWindow"_s);
    m_header = new QLabel(u"<b>%1</b> to context <b>%2</b> (%3), field manager deploy-console"_s.arg(m_target.id().toHtmlEscaped(), context.context.name.toHtmlEscaped(),
                                                                                                     context.cluster.server.toHtmlEscaped()),
                          this);
    m_header->setWordWrap(true);
    m_status = new QLabel(u"Check the differences first; nothing changes until you apply."_s, this);
    m_status->setObjectName(u"deployStatus"_s);
    m_status->setWordWrap(true);

    // Changes.
    auto *changes = new QWidget(this);
    m_objects = new QListWidget(changes);
    m_objects->setObjectName(u"deployObjects"_s);
    m_objects->setAccessibleName(u"Objects"_s);
    m_sideBySide = new QCheckBox(u"&Side by side"_s, changes);
    m_unified = codeView(changes, u"deployUnified"_s);
    m_live = codeView(changes, u"deployLive"_s);
    m_merged = codeView(changes, u"deployMerged"_s);
    auto *pair = new QSplitter(Qt::Horizontal, changes);
    pair->addWidget(m_live);
    pair->addWidget(m_merged);
    pair->hide();
    auto *right = new QVBoxLayout;
    right->addWidget(m_sideBySide);
    right->addWidget(m_unified, 1);
    right->addWidget(pair, 1);
    auto *changesLayout = new QHBoxLayout(changes);
    changesLayout->addWidget(m_objects, 4);
    changesLayout->addLayout(right, 7);
    connect(m_objects, &QListWidget::currentRowChanged, this, &DeployWindow::showObject);
    connect(m_sideBySide, &QCheckBox::toggled, this, [this, pair](bool on) {
        pair->setVisible(on);
        m_unified->setVisible(!on);
    });

    // Progress.
    auto *progress = new QWidget(this);
    m_steps = new QTreeWidget(progress);
    m_steps->setObjectName(u"deploySteps"_s);
    m_steps->setRootIsDecorated(false);
    m_steps->setHeaderLabels({u"Result"_s, u"Step"_s, u"Namespace"_s, u"Message"_s});
    m_steps->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_steps->header()->setStretchLastSection(true);
    m_summary = new QLabel(progress);
    m_summary->setObjectName(u"deploySummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *progressLayout = new QVBoxLayout(progress);
    progressLayout->addWidget(m_steps, 1);
    progressLayout->addWidget(m_summary);

    m_rollout = new RolloutView(m_client.get(), m_bundle, this);
    m_history = new QTreeWidget(this);
    m_history->setObjectName(u"deployHistory"_s);
    m_history->setRootIsDecorated(false);
    m_history->setHeaderLabels({u"#"_s, u"Applied"_s, u"By"_s, u"Target"_s, u"Revisions"_s, u"Outcome"_s});
    m_history->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->header()->setStretchLastSection(true);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(changes, u"&Changes"_s);
    m_tabs->addTab(progress, u"&Progress"_s);
    m_tabs->addTab(m_rollout, u"&Rollout"_s);
    m_tabs->addTab(m_history, u"&History"_s);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_rollout && !m_rollout->property("started").toBool()) {
            m_rollout->setProperty("started", true);
            reloadHistory();
            m_rollout->start();
        }
        if (m_tabs->widget(index) == m_history)
            reloadHistory();
    });

    m_force = new QCheckBox(u"&Force conflicts"_s, this);
    m_force->setObjectName(u"forceConflicts"_s);
    m_force->setToolTip(u"Take over fields that other field managers own; they may change them back."_s);
    m_prune = new QCheckBox(u"P&rune"_s, this);
    m_prune->setObjectName(u"prune"_s);
    m_prune->setToolTip(u"Also delete objects with this project's labels that the bundle no longer has (listed before applying)."_s);
    m_check = new QPushButton(u"Check &Differences"_s, this);
    m_apply = new QPushButton(u"&Apply…"_s, this);
    m_apply->setEnabled(false);
    m_cancel = new QPushButton(u"C&ancel"_s, this);
    m_cancel->setEnabled(false);
    auto *close = new QPushButton(u"&Close"_s, this);
    connect(m_check, &QPushButton::clicked, this, &DeployWindow::checkDifferences);
    connect(m_apply, &QPushButton::clicked, this, [this] { apply(false); });
    connect(m_cancel, &QPushButton::clicked, this, &DeployWindow::cancel);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_force, &QCheckBox::toggled, this, [this] { m_apply->setEnabled(false); });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_force);
    buttons->addWidget(m_prune);
    buttons->addStretch(1);
    for (QPushButton *b : {m_check, m_apply, m_cancel, close})
        buttons->addWidget(b);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    resize(1000, 680);
}

DeployWindow::~DeployWindow() = default;

void DeployWindow::setBusy(bool busy, const QString &message)
{
    m_check->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    if (busy)
        m_apply->setEnabled(false);
    m_status->setText(message);
}

void DeployWindow::checkDifferences()
{
    m_objects->clear();
    m_unified->clear();
    m_diff = std::make_unique<deploy::BundleDiff>(m_client.get(), m_bundle);
    m_diff->setForceConflicts(m_force->isChecked());
    connect(m_diff.get(), &deploy::BundleDiff::objectDone, this, [this](const deploy::ObjectDiff &o) {
        auto *item = new QListWidgetItem(u"%1  %2"_s.arg(QString::fromLatin1(StateNames[int(o.state)]).leftJustified(10), o.id), m_objects);
        item->setForeground(statusColour(o.state == deploy::ObjectDiff::State::Error ? u"fail"_s
                                             : o.state == deploy::ObjectDiff::State::Unchanged ? u"muted"_s
                                                                                                : u"warn"_s));
        item->setToolTip(o.message);
        if (m_objects->currentRow() < 0 && o.state != deploy::ObjectDiff::State::Unchanged)
            m_objects->setCurrentItem(item);
    });
    connect(m_diff.get(), &deploy::BundleDiff::finished, this, [this] {
        for (const deploy::PruneCandidate &p : m_diff->pruneCandidates())
            new QListWidgetItem(u"%1  %2 (%3, no longer in the bundle)"_s.arg(u"prunable"_s.leftJustified(10), p.id(), p.ns), m_objects);
        // The merges into shared objects come after the objects (read-merge-write).
        for (const MergeAction &a : m_bundle.actions) {
            auto *item = new QListWidgetItem(u"%1  %2"_s.arg(u"step"_s.leftJustified(10), a.type == MergeAction::Type::WaitForCrd ? u"wait for "_s + a.name : a.id()), m_objects);
            item->setToolTip(a.summary);
            item->setData(Qt::UserRole, a.summary);
        }
        int changed = 0, unchanged = 0, errors = 0;
        for (const deploy::ObjectDiff &o : m_diff->objects())
            (o.state == deploy::ObjectDiff::State::Error ? errors : o.state == deploy::ObjectDiff::State::Unchanged ? unchanged : changed)++;
        const bool ok = errors == 0;
        setBusy(false, ok ? u"%1 to create or change, %2 unchanged, %3. Apply to make the changes (you confirm first)."_s.arg(changed).arg(unchanged).arg(
                                countOf(m_diff->pruneCandidates().size(), u"prune candidate"_s, u"prune candidates"_s))
                          : u"%1 cannot be applied (select them to see why)%2; nothing was changed."_s.arg(countOf(errors, u"object"_s, u"objects"_s)).arg(
                                m_force->isChecked() ? QString() : u" — a conflict with another field manager can be taken over with Force conflicts"_s));
        m_apply->setEnabled(ok);
        Q_EMIT differencesChecked(ok);
    });
    setBusy(true, u"Comparing with the cluster…"_s);
    m_tabs->setCurrentIndex(0);
    m_diff->start();
}

void DeployWindow::showObject(int row)
{
    if (!m_diff || row < 0 || row >= m_diff->objects().size()) {
        const QListWidgetItem *item = m_objects->item(row);
        m_unified->setPlainText(item && !item->data(Qt::UserRole).toString().isEmpty()
                                    ? item->data(Qt::UserRole).toString() + u"\n\nRun when applying, after the objects; other teams' entries are kept."_s
                                    : QString());
        return;
    }
    const deploy::ObjectDiff &o = m_diff->objects().at(row);
    m_unified->setPlainText(o.state == deploy::ObjectDiff::State::Error ? o.message
                            : o.unified.isEmpty()                       ? u"No differences: the live object already is what the bundle applies."_s
                                                                        : (o.message.isEmpty() ? QString() : u"# "_s + o.message + u'\n') + o.unified);
    m_live->setPlainText(o.live.isEmpty() ? u"(not on the cluster yet)"_s : o.live);
    m_merged->setPlainText(o.merged);
}

void DeployWindow::apply(bool confirmed)
{
    if (!m_diff)
        return;
    QList<std::pair<QString, QString>> pruned;
    if (m_prune->isChecked())
        for (const deploy::PruneCandidate &p : m_diff->pruneCandidates())
            pruned << std::pair{kube::objectPath(p.apiVersion, p.kind, p.ns, p.name), p.id() + u" in "_s + p.ns};
    if (!confirmed) {
        QStringList lines;
        for (const deploy::ObjectDiff &o : m_diff->objects())
            if (o.state != deploy::ObjectDiff::State::Unchanged)
                lines << u"%1 %2"_s.arg(QString::fromLatin1(StateNames[int(o.state)]), o.id);
        for (const MergeAction &a : m_bundle.actions)
            lines << a.summary;
        for (const auto &p : std::as_const(pruned))
            lines << u"delete "_s + p.second;
        if (QMessageBox::question(this, u"Apply"_s,
                                  u"Apply to %1 (%2)?%3\n\n%4"_s.arg(m_context.context.name, m_context.cluster.server,
                                                                     m_force->isChecked() ? u"\nFields other managers own are taken over."_s : QString(),
                                                                     lines.isEmpty() ? u"Nothing changes."_s : lines.join(u'\n')),
                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            != QMessageBox::Yes)
            return;
    }
    m_steps->clear();
    m_summary->clear();
    m_applier = std::make_unique<deploy::Applier>(m_client.get(), m_bundle, deploy::Applier::Options{false, m_force->isChecked(), 120000});
    m_applier->setPrune(pruned);
    connect(m_applier.get(), &deploy::Applier::stepFinished, this, [this](int index) {
        const deploy::ApplyStep &s = m_applier->steps().at(index);
        auto *item = new QTreeWidgetItem(m_steps, {deploy::ApplyStep::resultText(s.result), s.id, s.ns, s.message});
        item->setForeground(0, statusColour(s.result == deploy::ApplyStep::Result::Failed ? u"fail"_s : u"ok"_s));
        m_status->setText(u"Applying… %1 of %2"_s.arg(index + 1).arg(m_applier->steps().size()));
    });
    connect(m_applier.get(), &deploy::Applier::finished, this, [this] {
        m_applying = false;
        const bool ok = m_applier->succeeded();
        m_summary->setText((ok ? u"Applied: "_s : u"Not everything was applied: "_s) + m_applier->summary());
        setBusy(false, ok ? u"Applied. The Rollout tab follows the pods."_s : u"Stopped at a failed step; see Progress."_s);
        auto *recorder = new deploy::ApplyRecorder(m_client.get(), this);
        connect(recorder, &deploy::ApplyRecorder::finished, this, [this, recorder, ok](const deploy::ApplyRecord &, const QString &error) {
            recorder->deleteLater();
            if (!error.isEmpty())
                m_status->setText(m_status->text() + u" (not recorded in the history: "_s + error + u')');
            reloadHistory();
            Q_EMIT applyFinished(ok, m_applier->summary());
        });
        recorder->record(m_bundle, m_target, m_projectFile, *m_applier);
        if (ok)
            m_tabs->setCurrentWidget(m_rollout);
    });
    setBusy(true, u"Applying…"_s);
    m_tabs->setCurrentIndex(1);
    m_applying = true;
    m_applier->start();
}

void DeployWindow::cancel()
{
    if (!m_cancel->isEnabled())
        return; // nothing runs
    const bool applying = m_applying;
    if (m_diff)
        m_diff->cancel();
    if (applying) {
        m_applier->cancel(); // finishes the run: its summary (and the history) say what was applied
        m_summary->setText(u"Canceled: "_s + m_applier->summary());
    }
    setBusy(false, applying ? u"Canceled: the steps not yet started were not applied."_s : u"Canceled."_s);
}

void DeployWindow::reloadHistory()
{
    m_history->clear();
    const deploy::ApplyHistory history;
    if (!history.isOpen()) {
        new QTreeWidgetItem(m_history, {QString(), QString(), QString(), QString(), QString(), u"the history cannot be read: "_s + history.error()});
        return;
    }
    QList<deploy::ApplyRecord> ours;
    for (const deploy::ApplyRecord &r : history.records(m_context.context.name, 200)) {
        if (r.server != m_context.cluster.server)
            continue;
        ours << r;
        QStringList revisions;
        for (auto it = r.deployments.begin(); it != r.deployments.end(); ++it)
            revisions << u"%1 → %2"_s.arg(it.key().section(u'/', 1)).arg(it.value()[u"revision"_s].toInteger());
        new QTreeWidgetItem(m_history, {QString::number(r.id), r.time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s), r.user, r.target, revisions.join(u", "_s),
                                        r.summary});
    }
    m_rollout->setHistory(ours);
}

} // namespace dc
