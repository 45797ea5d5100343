#include "rolloutview.h"

#include "deploy/applyhistory.h"
#include "deploy/rolloutactions.h"
#include "deploy/rolloutmonitor.h"
#include "itemmodels/podtablemodel.h"
#include "kube/kubeclient.h"
#include "manifests/bundle.h"
#include "theme.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTreeWidget>
#include <QTime>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

// Colours a pod row's status column by its state.
class PodStatusDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const QString state = index.data(PodTableModel::StatusRole).toString();
        if (state == u"fail"_s || (state == u"progress"_s && index.column() != PodTableModel::Name))
            option->palette.setColor(QPalette::Text, statusColour(state == u"fail"_s ? u"fail"_s : u"warn"_s));
    }
};

} // namespace

RolloutView::RolloutView(kube::KubeClient *client, const Bundle &bundle, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_monitor(new deploy::RolloutMonitor(client, bundle, this))
{
    m_connection = new QLabel(u"Connecting…"_s, this);
    m_connection->setObjectName(u"rolloutConnection"_s);
    m_connection->setWordWrap(true);
    m_deployments = new QListWidget(this);
    m_deployments->setObjectName(u"rolloutDeployments"_s);
    m_deployments->setAccessibleName(u"Deployments"_s);
    m_deployments->setMaximumHeight(fontMetrics().height() * 5);
    m_podModel = new PodTableModel(this);
    m_pods = new QTableView(this);
    m_pods->setObjectName(u"rolloutPods"_s);
    m_pods->setAccessibleName(u"Pods"_s);
    m_pods->setModel(m_podModel);
    m_pods->setItemDelegate(new PodStatusDelegate(m_pods));
    m_pods->verticalHeader()->hide();
    m_pods->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    // Column widths from the first rows only: measuring thousands of pods on every change
    // would cost more than the frame.
    m_pods->horizontalHeader()->setResizeContentsPrecision(40);
    m_pods->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_pods->horizontalHeader()->setSectionResizeMode(PodTableModel::Name, QHeaderView::Stretch);
    m_pods->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_events = new QTreeWidget(this);
    m_events->setObjectName(u"rolloutEvents"_s);
    m_events->setAccessibleName(u"Events"_s);
    m_events->setRootIsDecorated(false);
    m_events->setHeaderLabels({u"Last seen"_s, u"Type"_s, u"Reason"_s, u"Object"_s, u"Message"_s});
    m_events->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_events->header()->setStretchLastSection(true);

    m_restart = new QPushButton(u"&Restart…"_s, this);
    m_pause = new QPushButton(u"&Pause…"_s, this);
    m_scale = new QPushButton(u"&Scale…"_s, this);
    m_rollBack = new QPushButton(u"Roll &Back…"_s, this);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_restart, m_pause, m_scale, m_rollBack}) {
        b->setEnabled(false);
        buttons->addWidget(b);
    }
    buttons->addStretch(1);
    connect(m_restart, &QPushButton::clicked, this, &RolloutView::restart);
    connect(m_pause, &QPushButton::clicked, this, &RolloutView::togglePause);
    connect(m_scale, &QPushButton::clicked, this, &RolloutView::scale);
    connect(m_rollBack, &QPushButton::clicked, this, &RolloutView::rollBack);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_pods);
    split->addWidget(m_events);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_connection);
    layout->addWidget(m_deployments);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);

    connect(m_monitor->model(), &deploy::RolloutModel::changed, this, &RolloutView::refresh);
    connect(m_deployments, &QListWidget::currentRowChanged, this, &RolloutView::refresh);
    connect(m_monitor, &deploy::RolloutMonitor::connectionChanged, this, [this](bool up, const QString &message) {
        m_connected = up;
        m_connection->setText(up ? u"Connected again: the view follows the cluster."_s
                                 : u"Connection lost (%1): retrying; the view shows the last state it saw."_s.arg(message));
    });
    connect(m_monitor, &deploy::RolloutMonitor::failed, this, [this](const QString &message) { m_connection->setText(u"Not allowed to watch %1"_s.arg(message)); });
}

RolloutView::~RolloutView() = default;

deploy::RolloutModel *RolloutView::model() const
{
    return m_monitor->model();
}

void RolloutView::start()
{
    m_connection->setText(u"Watching %1 …"_s.arg(m_client->context().cluster.server));
    m_monitor->start();
}

int RolloutView::selectedDeployment() const
{
    return m_deployments->currentRow();
}

void RolloutView::setHistory(const QList<deploy::ApplyRecord> &records)
{
    m_history = records;
    refresh();
}

void RolloutView::refresh()
{
    const deploy::RolloutModel *model = m_monitor->model();
    const QList<deploy::DeploymentState> deployments = model->deployments();
    const int keep = std::max(0, m_deployments->currentRow());
    QStringList uids;
    for (int i = 0; i < deployments.size(); ++i) {
        const deploy::DeploymentState &d = deployments[i];
        // The apply behind the current revision, from the history.
        QString origin;
        if (const deploy::ApplyRecord *r = deploy::applyOfRevision(m_history, {}, d.ns, d.name, d.revision))
            origin = u" (apply #%1, %2 by %3)"_s.arg(r->id).arg(r->time.toLocalTime().toString(u"HH:mm"_s), r->user);
        const QString text = u"%1 (%2) · revision %3%10 · %4/%5 ready, %6 updated, %7 available%8\n%9"_s.arg(d.name, d.ns)
                                 .arg(d.revision)
                                 .arg(d.ready)
                                 .arg(d.replicas)
                                 .arg(d.updated)
                                 .arg(d.available)
                                 .arg(d.paused ? u" · paused"_s : QString(), d.status.message, origin);
        QListWidgetItem *item = i < m_deployments->count() ? m_deployments->item(i) : new QListWidgetItem(m_deployments);
        item->setText(text);
        item->setToolTip(d.conditions.join(u'\n'));
        item->setForeground(statusColour(d.status.error ? u"fail"_s : d.status.done ? u"ok"_s : u"warn"_s));
        uids << d.uid;
    }
    while (m_deployments->count() > deployments.size())
        delete m_deployments->takeItem(m_deployments->count() - 1);
    m_uids = uids;
    if (m_deployments->currentRow() < 0 && m_deployments->count() > 0)
        m_deployments->setCurrentRow(std::min(keep, m_deployments->count() - 1));
    const int row = m_deployments->currentRow();
    const QString uid = row >= 0 && row < m_uids.size() ? m_uids[row] : QString();
    m_podModel->refresh(*model, uid);
    m_shownUid = uid;
    const bool have = !uid.isEmpty();
    for (QPushButton *b : {m_restart, m_pause, m_scale, m_rollBack})
        b->setEnabled(have);
    if (have)
        m_pause->setText(deployments[row].paused ? u"Res&ume…"_s : u"&Pause…"_s);
    if (m_connected)
        m_connection->setText(deployments.isEmpty() ? u"Nothing of this bundle runs on the cluster yet: apply it first."_s
                                                    : u"Watching %1 · updated %2"_s.arg(m_client->context().cluster.server,
                                                                                        QTime::currentTime().toString(u"HH:mm:ss"_s)));
    if (model->eventsVersion() == m_eventsShown)
        return;
    m_eventsShown = model->eventsVersion();
    const QList<deploy::EventState> events = model->events(200);
    m_events->setUpdatesEnabled(false);
    m_events->clear();
    QList<QTreeWidgetItem *> items;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const deploy::EventState &e : events) {
        auto *item = new QTreeWidgetItem({shortAge(e.last, now) + (e.count > 1 ? u" (×%1)"_s.arg(e.count) : QString()), e.type, e.reason, e.object, e.message});
        if (e.type == u"Warning"_s)
            for (int c = 0; c < 5; ++c)
                item->setForeground(c, statusColour(u"fail"_s));
        items << item;
    }
    m_events->addTopLevelItems(items);
    m_events->setUpdatesEnabled(true);
}

void RolloutView::finishAction(const QString &what, const QString &error, const QString &outcome)
{
    const QString message = error.isEmpty() ? u"%1: %2"_s.arg(what, outcome) : u"%1: %2"_s.arg(what, error);
    m_connection->setText(message);
    if (!error.isEmpty())
        QMessageBox::warning(this, u"Not done"_s, message);
    Q_EMIT actionFinished(message, error.isEmpty());
}

namespace {

bool confirm(QWidget *parent, const QString &title, const QString &text)
{
    return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
}

} // namespace

void RolloutView::restart()
{
    const deploy::DeploymentState d = m_monitor->model()->deployments().value(selectedDeployment());
    if (d.name.isEmpty() || !confirm(this, u"Restart"_s, u"Restart deployment %1 in %2? Its pods are replaced one by one, as in a rollout."_s.arg(d.name, d.ns)))
        return;
    deploy::actions::restart(m_client, d.ns, d.name, this, [this, d](const QString &e, const QString &o) { finishAction(u"deployment/"_s + d.name, e, o); });
}

void RolloutView::togglePause()
{
    const deploy::DeploymentState d = m_monitor->model()->deployments().value(selectedDeployment());
    const bool pause = !d.paused;
    if (d.name.isEmpty()
        || !confirm(this, pause ? u"Pause"_s : u"Resume"_s,
                    pause ? u"Pause the rollout of %1? Changes to its template wait until it is resumed."_s.arg(d.name)
                          : u"Resume the rollout of %1?"_s.arg(d.name)))
        return;
    deploy::actions::setPaused(m_client, d.ns, d.name, pause, this, [this, d](const QString &e, const QString &o) { finishAction(u"deployment/"_s + d.name, e, o); });
}

void RolloutView::scale()
{
    const deploy::DeploymentState d = m_monitor->model()->deployments().value(selectedDeployment());
    if (d.name.isEmpty())
        return;
    bool ok = false;
    const int replicas = QInputDialog::getInt(this, u"Scale"_s, u"Replicas of %1:"_s.arg(d.name), int(d.replicas), 0, 1000, 1, &ok);
    if (!ok || !confirm(this, u"Scale"_s, u"Scale %1 from %2 to %3 replicas?"_s.arg(d.name).arg(d.replicas).arg(replicas)))
        return;
    deploy::actions::scale(m_client, d.ns, d.name, replicas, this, [this, d](const QString &e, const QString &o) { finishAction(u"deployment/"_s + d.name, e, o); });
}

void RolloutView::rollBack()
{
    const deploy::DeploymentState d = m_monitor->model()->deployments().value(selectedDeployment());
    if (d.name.isEmpty())
        return;
    // The revisions with their images, change-cause and the apply that made each (m_history:
    // this cluster's applies).
    QStringList choices;
    QList<qint64> numbers;
    for (const deploy::ReplicaSetState &r : m_monitor->model()->replicaSetsOf(d.uid)) {
        if (r.revision == d.revision)
            continue;
        QString applied = u"not from an apply"_s;
        if (const deploy::ApplyRecord *rec = deploy::applyOfRevision(m_history, {}, d.ns, d.name, r.revision))
            applied = u"apply #%1, %2 by %3"_s.arg(rec->id).arg(rec->time.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s), rec->user);
        choices << u"Revision %1 — %2 — %3%4"_s.arg(r.revision).arg(r.images.join(u", "_s), applied,
                                                       r.changeCause.isEmpty() ? QString() : u" — "_s + r.changeCause);
        numbers << r.revision;
    }
    if (choices.isEmpty()) {
        QMessageBox::information(this, u"Roll Back"_s, u"%1 has no earlier revision to go back to."_s.arg(d.name));
        return;
    }
    bool ok = false;
    const QString choice = QInputDialog::getItem(this, u"Roll Back"_s, u"Roll %1 (now at revision %2) back to:"_s.arg(d.name).arg(d.revision), choices, 0, false, &ok);
    if (!ok)
        return;
    const qint64 to = numbers.value(choices.indexOf(choice));
    if (!confirm(this, u"Roll Back"_s, u"Roll %1 back to revision %2? Its pods are replaced with that revision's template."_s.arg(d.name).arg(to)))
        return;
    deploy::actions::rollback(m_client, d.ns, d.name, to, this, [this, d](const QString &e, const QString &o) { finishAction(u"deployment/"_s + d.name, e, o); });
}

} // namespace dc
