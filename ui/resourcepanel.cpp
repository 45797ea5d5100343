#include "resourcepanel.h"

#include "theme.h"

#include "itemmodels/resourcetreemodel.h"

#include <QComboBox>
#include <QHeaderView>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

// The findings column: errors in red, warnings in amber.
class BadgeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() != ResourceTreeModel::FindingsColumn)
            return;
        // Readable on the theme's base; a selected row keeps the highlight's own text colour.
        const QColor color = statusColour(index.data(ResourceTreeModel::ErrorsRole).toInt() > 0 ? QStringLiteral("fail") : QStringLiteral("warn"));
        option->palette.setColor(QPalette::Text, color);
    }
};

} // namespace

ResourcePanel::ResourcePanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new ResourceTreeModel(this))
    , m_filter(new ResourceSeverityFilter(this))
    , m_level(new QComboBox(this))
    , m_view(new QTreeView(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_level->setObjectName(u"resourceFilter"_s);
    m_level->addItems({u"All objects"_s, u"Objects with errors or warnings"_s, u"Objects with errors"_s});
    m_level->setToolTip(u"Which objects the tree shows"_s);
    layout->addWidget(m_level);
    m_filter->setSourceModel(m_model);
    connect(m_level, &QComboBox::currentIndexChanged, this, [this](int level) {
        m_filter->setLevel(ResourceSeverityFilter::Level(level));
        m_view->expandAll();
    });
    m_view->setObjectName(u"resourceTree"_s);
    m_view->setModel(m_filter);
    m_view->setItemDelegate(new BadgeDelegate(m_view));
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTextElideMode(Qt::ElideMiddle); // long names keep their start and their end
    m_view->setUniformRowHeights(true);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(m_view, 1);
    const auto activate = [this](const QModelIndex &index) {
        const int document = index.data(ResourceTreeModel::DocumentIndexRole).toInt();
        if (document >= 0)
            Q_EMIT documentActivated(document);
    };
    // Groups are always open: after a new set of objects and when the filter shows more.
    connect(m_filter, &QAbstractItemModel::modelReset, m_view, &QTreeView::expandAll);
    connect(m_filter, &QAbstractItemModel::rowsInserted, m_view, &QTreeView::expandAll);
    connect(m_filter, &QAbstractItemModel::layoutChanged, m_view, &QTreeView::expandAll);
    connect(m_view, &QTreeView::clicked, this, activate);
    connect(m_view, &QTreeView::activated, this, activate);
}

void ResourcePanel::setBundle(const Bundle &bundle)
{
    m_model->setBundle(bundle);
}

void ResourcePanel::setFindings(const QList<Finding> &findings)
{
    m_model->setFindings(findings);
}

} // namespace dc
