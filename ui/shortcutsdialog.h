#pragma once

#include <QDialog>

class QAction;

namespace dc {

/// Every menu action that has a shortcut, with the keys, and the YAML view's own keys.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);
};

} // namespace dc
