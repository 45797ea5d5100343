#include "podtablemodel.h"

using namespace Qt::StringLiterals;

namespace dc {

QString shortAge(const QDateTime &since, const QDateTime &now)
{
    if (!since.isValid())
        return u"-"_s;
    const qint64 s = std::max<qint64>(0, since.secsTo(now));
    if (s < 120)
        return QString::number(s) + u's';
    if (s < 3 * 3600)
        return QString::number(s / 60) + u'm';
    if (s < 2 * 86400)
        return QString::number(s / 3600) + u'h';
    return QString::number(s / 86400) + u'd';
}

PodTableModel::PodTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PodTableModel::refresh(const deploy::RolloutModel &model, const QString &deploymentUid)
{
    QList<Row> rows;
    if (!deploymentUid.isEmpty()) {
        // The revision of each ReplicaSet once, not per pod.
        QHash<QString, qint64> revisions;
        const QList<deploy::ReplicaSetState> sets = model.replicaSetsOf(deploymentUid);
        for (const deploy::ReplicaSetState &r : sets)
            revisions.insert(r.uid, r.revision);
        const QList<deploy::PodState> pods = model.podsOf(deploymentUid);
        rows.reserve(pods.size());
        for (const deploy::PodState &p : pods)
            rows.append(Row{p, revisions.value(p.owner)});
    }
    if (rows.size() == m_rows.size()) {
        // Same shape (the usual case while pods change state): only the cells change.
        m_rows = std::move(rows);
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int PodTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PodTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PodTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    const deploy::PodState &p = row.pod;
    if (role == StatusRole) {
        if (p.reason.contains(u"BackOff"_s) || p.reason == u"Error"_s || p.reason.startsWith(u"Err"_s) || p.phase == u"Failed"_s)
            return u"fail"_s;
        return p.ready == p.containers && p.containers > 0 && !p.terminating ? u"ok"_s : u"progress"_s;
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Name:
        return p.name;
    case Revision:
        return row.revision;
    case Phase:
        return p.terminating ? u"Terminating"_s : p.phase;
    case Ready:
        return u"%1/%2"_s.arg(p.ready).arg(p.containers);
    case Restarts:
        return p.restarts;
    case Reason:
        return p.reason;
    case Node:
        return p.node;
    case Age:
        return shortAge(p.started, QDateTime::currentDateTimeUtc());
    default:
        return {};
    }
}

QVariant PodTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const names[] = {"Pod", "Revision", "Phase", "Ready", "Restarts", "Reason", "Node", "Age"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

} // namespace dc
