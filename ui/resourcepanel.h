#pragma once

#include <QWidget>

class QComboBox;
class QTreeView;

namespace dc {

struct Bundle;
struct Finding;
class ResourceSeverityFilter;
class ResourceTreeModel;

/// The bundle's objects as a tree grouped in apply order, with a badge for each object's errors
/// and warnings and a filter by severity. Activating an object asks to show its YAML.
class ResourcePanel : public QWidget
{
    Q_OBJECT
public:
    explicit ResourcePanel(QWidget *parent = nullptr);

    void setBundle(const Bundle &bundle);
    void setFindings(const QList<Finding> &findings);
    [[nodiscard]] ResourceTreeModel *model() const { return m_model; }
    [[nodiscard]] ResourceSeverityFilter *filter() const { return m_filter; }

Q_SIGNALS:
    /// An object was clicked or activated: its index in Bundle::documents.
    void documentActivated(int document);

private:
    ResourceTreeModel *m_model;
    ResourceSeverityFilter *m_filter;
    QComboBox *m_level;
    QTreeView *m_view;
};

} // namespace dc
