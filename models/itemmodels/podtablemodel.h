#pragma once

#include "deploy/rolloutmodel.h"

#include <QAbstractTableModel>
#include <QList>

namespace dc {

/**
 * The pods of one Deployment as a table (name, revision, phase, ready, restarts, reason, node,
 * age), refreshed from a RolloutModel when it reports a change. StatusRole gives "ok",
 * "progress" or "fail" for the view to colour.
 */
class PodTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Revision, Phase, Ready, Restarts, Reason, Node, Age, ColumnCount };
    static constexpr int StatusRole = Qt::UserRole + 1;

    explicit PodTableModel(QObject *parent = nullptr);
    /// Shows the pods of `deploymentUid` ("" clears).
    void refresh(const deploy::RolloutModel &model, const QString &deploymentUid);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        deploy::PodState pod;
        qint64 revision = 0;
    };
    QList<Row> m_rows;
};

/// "5s", "3m", "2h", "4d": a pod's age as kubectl shows it.
[[nodiscard]] QString shortAge(const QDateTime &since, const QDateTime &now);

} // namespace dc
