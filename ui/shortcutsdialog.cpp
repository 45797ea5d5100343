#include "shortcutsdialog.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace dc {

ShortcutsDialog::ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"shortcutsDialog"_s);
    setWindowTitle(u"Keyboard shortcuts"_s);
    auto *table = new QTableWidget(this);
    table->setObjectName(u"shortcutsTable"_s);
    table->setColumnCount(2);
    table->setHorizontalHeaderLabels({u"Action"_s, u"Shortcut"_s});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setRowCount(int(actions.size()));
    for (int i = 0; i < actions.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(actions[i]->text().remove(u'&')));
        table->setItem(i, 1, new QTableWidgetItem(actions[i]->shortcut().toString(QKeySequence::NativeText)));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(table);
    auto *hint = new QLabel(u"In the YAML view: Enter / Shift+Enter find the next / previous match, Escape closes the search. "
                            u"Click a YAML line to go to the setting behind it."_s,
                            this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    resize(520, 460);
}

} // namespace dc
