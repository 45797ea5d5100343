#include "exportdialog.h"

#include "manifests/export.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace dc {

ExportDialog::ExportDialog(const Target &target, const QString &projectName, QWidget *parent)
    : QDialog(parent)
    , m_kustomize(new QRadioButton(u"&Kustomize tree: base/, overlays/<environment>/, merge/%1"_s.arg(target.platform == Platform::Odh ? u", konflux/"_s : QString()), this))
    , m_yaml(new QRadioButton(u"One multi-document &YAML file per environment"_s, this))
    , m_folder(new QLineEdit(QSettings().value(u"lastExportDir"_s, QString(QDir::homePath() + u"/"_s + projectName + u"-manifests"_s)).toString(), this))
{
    setObjectName(u"exportDialog"_s);
    setWindowTitle(u"Export"_s);
    m_kustomize->setObjectName(u"exportKustomize"_s);
    m_yaml->setObjectName(u"exportYaml"_s);
    m_folder->setObjectName(u"exportFolder"_s);
    auto *form = new QFormLayout(this);
    m_kustomize->setChecked(true);
    form->addRow(u"Format"_s, m_kustomize);
    form->addRow(QString(), m_yaml);
    auto *folderRow = new QHBoxLayout;
    auto *browse = new QPushButton(u"&Browse…"_s, this);
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    auto *folderLabel = new QLabel(u"&Folder"_s, this);
    folderLabel->setBuddy(m_folder);
    form->addRow(folderLabel, folderRow);
    auto *note = new QLabel(u"All three environments of %1 / %2 are written. A folder that is not empty is only written into when it holds an "
                            u"earlier export (its files are replaced; other files stay)."_s.arg(displayName(target.platform), displayName(target.preset)),
                            this);
    note->setWordWrap(true);
    form->addRow(note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(u"&Export"_s, QDialogButtonBox::AcceptRole);
    form->addRow(buttons);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, u"Export into"_s, m_folder->text());
        if (!d.isEmpty())
            m_folder->setText(d);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        QSettings().setValue(u"lastExportDir"_s, m_folder->text());
        accept();
    });
}

QString ExportDialog::format() const
{
    return m_yaml->isChecked() ? u"yaml"_s : u"kustomize"_s;
}

QString ExportDialog::folder() const
{
    return m_folder->text();
}

bool ExportDialog::confirmFolder(QWidget *parent, const QString &dir, bool *replace)
{
    *replace = false;
    switch (exportFolderState(dir)) {
    case ExportFolder::Empty: return true;
    case ExportFolder::Foreign:
        QMessageBox::warning(parent, u"Not exported"_s, u"%1 is not empty and holds no earlier export; choose an empty or new folder."_s.arg(dir));
        return false;
    case ExportFolder::EarlierExport:
        if (QMessageBox::question(parent, u"Replace the earlier export?"_s, u"%1 holds an earlier export. Replace its files?"_s.arg(dir)) != QMessageBox::Yes)
            return false;
        *replace = true;
        return true;
    }
    return false;
}

} // namespace dc
