#pragma once

#include "config/target.h"

#include <QDialog>

class QLineEdit;
class QRadioButton;

namespace dc {

/// Export: the format (kustomize tree or one YAML per environment) and the folder.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    ExportDialog(const Target &target, const QString &projectName, QWidget *parent = nullptr);

    /// "kustomize" or "yaml".
    [[nodiscard]] QString format() const;
    [[nodiscard]] QString folder() const;

    /// Checks the chosen folder by the core's export-folder rule: refuses a folder that holds
    /// other files, asks before replacing an earlier export. False when nothing is to be written;
    /// `replace` says whether an earlier export is replaced.
    static bool confirmFolder(QWidget *parent, const QString &dir, bool *replace);

private:
    QRadioButton *m_kustomize;
    QRadioButton *m_yaml;
    QLineEdit *m_folder;
};

} // namespace dc
