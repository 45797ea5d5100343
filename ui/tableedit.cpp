#include "tableedit.h"

#include <QHeaderView>
#include <QSet>

using namespace Qt::StringLiterals;

namespace dc {

TableEdit::TableEdit(Kind kind, QWidget *parent)
    : QTableWidget(0, kind == Map ? 2 : 1, parent)
    , m_kind(kind)
{
    setHorizontalHeaderLabels(kind == Map ? QStringList{u"Key"_s, u"Value"_s} : QStringList{u"Item"_s});
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    setSelectionBehavior(QAbstractItemView::SelectItems);
    setEditTriggers(QAbstractItemView::AllEditTriggers);
    setTabKeyNavigation(true);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(this, &QTableWidget::itemChanged, this, &TableEdit::rowsChanged);
    ensureEmptyLastRow();
}

QVariant TableEdit::value() const
{
    if (m_kind == List) {
        QStringList items;
        for (int r = 0; r < rowCount(); ++r)
            if (const QTableWidgetItem *i = item(r, 0); i && !i->text().trimmed().isEmpty())
                items << i->text().trimmed();
        return items;
    }
    QVariantMap map;
    for (int r = 0; r < rowCount(); ++r) {
        const QString key = item(r, 0) ? item(r, 0)->text().trimmed() : QString();
        if (!key.isEmpty())
            map.insert(key, item(r, 1) ? item(r, 1)->text() : QString());
    }
    return map;
}

QString TableEdit::problem() const
{
    if (m_kind == List)
        return {};
    QSet<QString> seen;
    for (int r = 0; r < rowCount(); ++r) {
        const QString key = item(r, 0) ? item(r, 0)->text().trimmed() : QString();
        const QString value = item(r, 1) ? item(r, 1)->text() : QString();
        if (key.isEmpty() && !value.isEmpty())
            return u"row %1 has a value but no key"_s.arg(r + 1);
        if (!key.isEmpty() && seen.contains(key))
            return u"the key \"%1\" is given twice; keep one row"_s.arg(key);
        seen.insert(key);
    }
    return {};
}

void TableEdit::setValue(const QVariant &value)
{
    if (this->value() == value && problem().isEmpty())
        return;
    m_updating = true;
    setRowCount(0);
    if (m_kind == List) {
        for (const QString &s : value.toStringList()) {
            insertRow(rowCount());
            setItem(rowCount() - 1, 0, new QTableWidgetItem(s));
        }
    } else {
        const QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it) {
            insertRow(rowCount());
            setItem(rowCount() - 1, 0, new QTableWidgetItem(it.key()));
            setItem(rowCount() - 1, 1, new QTableWidgetItem(it->toString()));
        }
    }
    ensureEmptyLastRow();
    m_updating = false;
}

void TableEdit::rowsChanged()
{
    if (m_updating)
        return;
    m_updating = true;
    ensureEmptyLastRow();
    m_updating = false;
    const QString p = problem();
    Q_EMIT edited(p.isEmpty() ? value() : QVariant(), p);
}

void TableEdit::ensureEmptyLastRow()
{
    // Rows emptied in the middle go; one empty row stays at the end.
    for (int r = rowCount() - 2; r >= 0; --r) {
        bool empty = true;
        for (int c = 0; c < columnCount(); ++c)
            empty = empty && (!item(r, c) || item(r, c)->text().isEmpty());
        if (empty && currentRow() != r)
            removeRow(r);
    }
    bool lastEmpty = rowCount() > 0;
    for (int c = 0; c < columnCount() && rowCount() > 0; ++c)
        lastEmpty = lastEmpty && (!item(rowCount() - 1, c) || item(rowCount() - 1, c)->text().isEmpty());
    if (!lastEmpty)
        insertRow(rowCount());
    fitHeight();
}

void TableEdit::fitHeight()
{
    const int rows = std::min(rowCount(), 6);
    setFixedHeight(horizontalHeader()->height() + rows * verticalHeader()->defaultSectionSize() + 2 * frameWidth() + 2);
}

} // namespace dc
