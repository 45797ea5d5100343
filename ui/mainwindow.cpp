#include "mainwindow.h"

#include "config/project.h"
#include "itemmodels/findingsmodel.h"
#include "manifests/generator.h"
#include "validation/schemavalidator.h"
#include "validation/validator.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QTableView>
#include <QtConcurrent/QtConcurrentRun>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

QComboBox *combo(QWidget *parent, const QString &objectName, const QStringList &ids, const QStringList &names,
                 const QStringList &tips, int current)
{
    auto *c = new QComboBox(parent);
    c->setObjectName(objectName);
    for (int i = 0; i < ids.size(); ++i) {
        c->addItem(names.at(i), ids.at(i));
        c->setItemData(i, tips.at(i), Qt::ToolTipRole);
    }
    c->setCurrentIndex(current);
    return c;
}

} // namespace

MainWindow::MainWindow(const Project &project, QWidget *parent)
    : QMainWindow(parent)
    , m_project(std::make_unique<Project>(project))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(u"%1 — Deploy Console"_s.arg(project.name));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    auto *bar = new QHBoxLayout;
    const Target t = project.target;
    m_platform = combo(central, u"platformCombo"_s, platformIds(),
                       {displayName(Platform::Kubeflow), displayName(Platform::Odh), displayName(Platform::Standalone)},
                       {description(Platform::Kubeflow), description(Platform::Odh), description(Platform::Standalone)}, int(t.platform));
    m_environment = combo(central, u"environmentCombo"_s, environmentIds(),
                          {displayName(Environment::Development), displayName(Environment::Staging), displayName(Environment::Production)},
                          {description(Environment::Development), description(Environment::Staging), description(Environment::Production)},
                          int(t.environment));
    m_preset = combo(central, u"presetCombo"_s, presetIds(), {displayName(Preset::ModelRegistryUi), displayName(Preset::Split)},
                     {description(Preset::ModelRegistryUi), description(Preset::Split)}, int(t.preset));
    for (auto [label, box] : {std::pair{u"Platform"_s, m_platform}, std::pair{u"Environment"_s, m_environment}, std::pair{u"Module"_s, m_preset}}) {
        auto *l = new QLabel(label, central);
        l->setBuddy(box);
        bar->addWidget(l);
        bar->addWidget(box);
    }
    bar->addStretch(1);
    layout->addLayout(bar);

    auto *splitter = new QSplitter(Qt::Horizontal, central);
    m_notes = new QLabel(splitter);
    m_notes->setObjectName(u"notesLabel"_s);
    m_notes->setWordWrap(true);
    m_notes->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_notes->setTextFormat(Qt::RichText);
    m_notes->setMargin(8);
    m_preview = new QPlainTextEdit(splitter);
    m_preview->setObjectName(u"yamlPreview"_s);
    m_preview->setReadOnly(true);
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);

    auto *vertical = new QSplitter(Qt::Vertical, central);
    vertical->addWidget(splitter);
    auto *findingsBox = new QWidget(vertical);
    auto *findingsLayout = new QVBoxLayout(findingsBox);
    findingsLayout->setContentsMargins(0, 0, 0, 0);
    m_findingsSummary = new QLabel(findingsBox);
    m_findingsSummary->setObjectName(u"findingsSummary"_s);
    findingsLayout->addWidget(m_findingsSummary);
    m_findings = new FindingsModel(this);
    m_findingsView = new QTableView(findingsBox);
    m_findingsView->setObjectName(u"findingsView"_s);
    m_findingsView->setModel(m_findings);
    m_findingsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_findingsView->verticalHeader()->hide();
    m_findingsView->horizontalHeader()->setStretchLastSection(false);
    m_findingsView->horizontalHeader()->setSectionResizeMode(FindingsModel::MessageColumn, QHeaderView::Stretch);
    m_findingsView->setWordWrap(false);
    findingsLayout->addWidget(m_findingsView);
    vertical->addWidget(findingsBox);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({560, 220});
    layout->addWidget(vertical, 1);

    m_schemas = std::make_unique<SchemaValidator>();
    m_validation = new QFutureWatcher<ValidationReport>(this);
    connect(m_validation, &QFutureWatcher<ValidationReport>::finished, this, &MainWindow::showFindings);
    setCentralWidget(central);

    for (QComboBox *c : {m_platform, m_environment, m_preset})
        connect(c, &QComboBox::currentIndexChanged, this, &MainWindow::rerender);
    resize(1280, 800);
    rerender();
}

MainWindow::~MainWindow()
{
    // The worker uses m_schemas: let it finish before they go.
    m_validation->waitForFinished();
}

void MainWindow::rerender()
{
    QElapsedTimer timer;
    timer.start();
    Target t;
    t.platform = Platform(m_platform->currentIndex());
    t.environment = Environment(m_environment->currentIndex());
    t.preset = Preset(m_preset->currentIndex());
    m_project->target = t;
    const Bundle bundle = generate(*m_project, t);
    const qint64 us = timer.nsecsElapsed() / 1000;

    // Keep the reader's place when the text changes.
    const int scroll = m_preview->verticalScrollBar() ? m_preview->verticalScrollBar()->value() : 0;
    m_preview->setPlainText(bundle.yaml(true));
    m_preview->verticalScrollBar()->setValue(scroll);
    m_objectCount = int(bundle.documents.size());

    QString html = u"<h3>Where this departs from the deployment guide</h3><ul>"_s;
    for (const Note &n : bundle.notes)
        html += u"<li>"_s + n.message.toHtmlEscaped() + u"</li>"_s;
    html += u"</ul>"_s;
    if (!bundle.actions.empty()) {
        html += u"<h3>Merged into shared objects (not in the YAML)</h3><ul>"_s;
        for (const MergeAction &a : bundle.actions)
            html += u"<li>"_s + a.summary.toHtmlEscaped() + u"</li>"_s;
        html += u"</ul>"_s;
    }
    html += u"<p><i>Form pages, diff and export dialogs are not implemented in this version; "
            u"use <tt>deployctl</tt> for export and validation.</i></p>"_s;
    m_notes->setText(html);
    statusBar()->showMessage(u"Rendered %1 objects for %2 in %3 ms"_s.arg(bundle.documents.size()).arg(t.id()).arg(double(us) / 1000.0, 0, 'f', 2));
    Q_EMIT previewUpdated();

    // Validation (schemas + lints) runs on a worker thread; a newer render supersedes it.
    if (m_validation->isRunning()) {
        m_validateAgain = true;
        return;
    }
    m_findingsSummary->setText(u"Checking…"_s);
    const SchemaValidator *schemas = m_schemas.get();
    m_validation->setFuture(QtConcurrent::run([bundle, schemas] {
        return validateBundle(bundle, u"preview"_s, *schemas, ValidationOptions{});
    }));
}

void MainWindow::showFindings()
{
    if (m_validateAgain) {
        m_validateAgain = false;
        rerender();
        return;
    }
    const ValidationReport report = m_validation->result();
    QList<Finding> shown;
    for (const Finding &f : report.findings)
        if (f.severity != Severity::Note)
            shown.append(f);
    m_findings->setFindings(shown);
    m_findingsView->resizeColumnsToContents();
    const int errors = report.count(Severity::Error);
    const int warnings = report.count(Severity::Warning);
    m_findingsSummary->setText(u"Findings: %1 %2, %3 %4 (schemas and lints over %5 objects)"_s
                                   .arg(errors)
                                   .arg(errors == 1 ? u"error"_s : u"errors"_s)
                                   .arg(warnings)
                                   .arg(warnings == 1 ? u"warning"_s : u"warnings"_s)
                                   .arg(report.documents));
    Q_EMIT findingsUpdated();
}

} // namespace dc
