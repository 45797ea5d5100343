#include "formpage.h"

#include "config/fields.h"
#include "config/fieldstate.h"
#include "projectdocument.h"
#include "quantityedit.h"
#include "tableedit.h"
#include "theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalBlocker>
#include <QResizeEvent>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace dc {

const QList<PageInfo> &formPages()
{
    static const QList<PageInfo> pages = {
        {u"general"_s, u"General"_s, u"Name, namespace, replicas, labels and the BFF's mode and logging."_s},
        {u"images"_s, u"Images"_s, u"Which images run, pinned by tag or digest, and how they are pulled."_s},
        {u"resources"_s, u"Resources & scaling"_s, u"CPU and memory, probes, autoscaling and disruption budget."_s},
        {u"networking"_s, u"Networking"_s, u"Service, Istio gateway and routing, Ingress or Route, CORS."_s},
        {u"auth"_s, u"Authentication & RBAC"_s, u"Who may use the module: auth method, proxy, service account and roles."_s},
        {u"dashboard"_s, u"Dashboard integration"_s, u"The menu link in the Kubeflow central dashboard, or the ODH dashboard federation."_s},
        {u"features"_s, u"Features"_s, u"Optional features of the module."_s},
        {u"monitoring"_s, u"Monitoring"_s, u"ServiceMonitor and metrics scraping."_s},
        {u"build"_s, u"Build & release"_s, u"Konflux build of the module image (ODH/RHOAI)."_s},
    };
    return pages;
}

namespace {

QString layerName(Layer l)
{
    return l == Layer::Preset ? u"module preset"_s : toId(l);
}

// A value as one line of text (for line edits and tooltips).
QString toText(const FieldDef &def, const QVariant &v)
{
    if (def.type == FieldType::StringList)
        return v.toStringList().join(u", "_s);
    if (def.type == FieldType::StringMap) {
        QStringList parts;
        const QVariantMap m = v.toMap();
        for (auto it = m.begin(); it != m.end(); ++it)
            parts << it.key() + u'=' + it->toString();
        return parts.isEmpty() ? u"(none)"_s : parts.join(u", "_s);
    }
    return v.toString();
}

} // namespace

FormPage::FormPage(const PageInfo &page, ProjectDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_page(page)
    , m_document(document)
{
    setObjectName(u"page-"_s + page.id);
    auto *outer = new QVBoxLayout(this);
    auto *title = new QLabel(u"<h2>%1</h2>%2"_s.arg(page.title.toHtmlEscaped(), page.summary.toHtmlEscaped()), this);
    title->setWordWrap(true);
    outer->addWidget(title);
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"pageProblems"_s);
    m_summary->setWordWrap(true);
    m_summary->setStyleSheet(u"QLabel { color: palette(bright-text); background: #b3261e; padding: 6px; border-radius: 4px; }"_s);
    m_summary->hide();
    outer->addWidget(m_summary);
    m_grid = new QGridLayout;
    m_grid->setColumnStretch(1, 1);
    m_grid->setHorizontalSpacing(10);
    m_grid->setVerticalSpacing(4);
    outer->addLayout(m_grid);
    outer->addStretch(1);
    int row = 0;
    for (const FieldDef &def : fieldDefs())
        if (def.page == page.id)
            addRow(def, row++);
    placeRows(false);
    connect(m_document, &ProjectDocument::restored, this, &FormPage::restoreRows);
    // Typing ends where the target changes: what it would take back is of the other target.
    connect(m_document, &ProjectDocument::targetChanged, this, [this] { m_typingFrom.clear(); });
    refresh();
}

void FormPage::addRow(const FieldDef &def, int gridRow)
{
    Row r;
    r.def = &def;
    r.label = new QLabel(def.label, this);
    const QString tip = u"<p><b>%1</b> <tt>%2</tt></p><p>%3</p>"_s.arg(def.label.toHtmlEscaped(), def.path, def.help.toHtmlEscaped());
    r.label->setToolTip(tip);
    switch (def.type) {
    case FieldType::Bool: {
        auto *box = new QCheckBox(this);
        connect(box, &QCheckBox::toggled, this, [this, path = def.path](bool on) { m_document->setValue(path, on); });
        r.editor = box;
        break;
    }
    case FieldType::Int: {
        // The spin box takes what is typed, "-2" included, and says when it is out of range:
        // never is a minus sign silently dropped.
        auto *spin = new QSpinBox(this);
        spin->setRange(-1000000, def.max > 0 ? int(std::min<qint64>(qint64(def.max) * 10 + 9, 1000000000)) : 1000000);
        spin->setAccelerated(true);
        const int index = m_rows.size();
        connect(spin, &QSpinBox::valueChanged, this, [this, index](int v) {
            Row &row = m_rows[index];
            if (!m_typingFrom.contains(row.def->path))
                m_typingFrom.insert(row.def->path, m_document->project());
            const QString error = checkFieldValue(*row.def, qint64(v));
            if (!error.isEmpty())
                m_typed.insert(row.def->path, QString::number(v));
            setProblem(row, error);
            if (error.isEmpty())
                m_document->setValue(row.def->path, qint64(v));
            else
                m_document->revertTyping(row.def->path, m_typingFrom.value(row.def->path));
        });
        connect(spin, &QSpinBox::editingFinished, this, [this, path = def.path] { m_typingFrom.remove(path); });
        r.editor = spin;
        break;
    }
    case FieldType::Quantity: {
        auto *quantity = new QuantityEdit(def.path.contains(u"cpu"_s) ? QuantityEdit::Cpu : QuantityEdit::Memory, this);
        connect(quantity, &QuantityEdit::quantityChanged, this, [this, path = def.path](const QString &q) { m_document->setValue(path, q); });
        for (QWidget *part : {static_cast<QWidget *>(quantity->numberBox()), static_cast<QWidget *>(quantity->unitBox())}) {
            part->setProperty("fieldPath", def.path);
            part->installEventFilter(this);
        }
        r.editor = quantity;
        break;
    }
    case FieldType::StringMap:
    case FieldType::StringList: {
        auto *table = new TableEdit(def.type == FieldType::StringMap ? TableEdit::Map : TableEdit::List, this);
        const int index = m_rows.size();
        connect(table, &TableEdit::edited, this, [this, index](const QVariant &value, const QString &problem) {
            Row &row = m_rows[index];
            QString error = problem;
            if (error.isEmpty())
                error = checkFieldValue(*row.def, value);
            setProblem(row, error);
            if (error.isEmpty())
                m_document->setValue(row.def->path, value);
        });
        table->viewport()->setProperty("fieldPath", def.path);
        table->viewport()->installEventFilter(this);
        r.editor = table;
        break;
    }
    case FieldType::Enum: {
        auto *combo = new QComboBox(this);
        combo->addItems(def.choices);
        connect(combo, &QComboBox::textActivated, this, [this, path = def.path](const QString &v) { m_document->setValue(path, v); });
        r.editor = combo;
        break;
    }
    default: {
        auto *edit = new QLineEdit(this);
        if (def.defaultValue.toString().isEmpty())
            edit->setPlaceholderText(u"(empty)"_s);
        edit->setClearButtonEnabled(true);
        const int index = m_rows.size();
        connect(edit, &QLineEdit::textEdited, this, [this, index](const QString &text) { commitText(m_rows[index], text); });
        connect(edit, &QLineEdit::editingFinished, this, [this, path = def.path] { m_typingFrom.remove(path); });
        r.editor = edit;
        break;
    }
    }
    r.editor->setObjectName(u"field:"_s + def.path);
    r.editor->setProperty("fieldPath", def.path);
    if (def.type != FieldType::Bool)
        r.editor->setMinimumWidth(170);
    r.editor->setToolTip(tip);
    r.editor->installEventFilter(this);
    r.label->setBuddy(r.editor);
    r.origin = new QLabel(this);
    r.origin->setObjectName(u"origin:"_s + def.path);
    // Where the project's value applies: every environment, or only the current one.
    r.origin->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(r.origin, &QLabel::customContextMenuRequested, this, [this, path = def.path, origin = r.origin](const QPoint &pos) {
        QMenu menu;
        const QString env = displayName(m_document->target().environment);
        const std::optional<Scope> scope = m_document->overrideScope(path);
        QAction *all = menu.addAction(u"Use this value in every environment"_s);
        QAction *only = menu.addAction(u"Use this value in %1 only"_s.arg(env));
        all->setCheckable(true);
        only->setCheckable(true);
        all->setChecked(scope == Scope::AllEnvironments);
        only->setChecked(scope == Scope::ThisEnvironment);
        menu.addSeparator();
        QAction *reset = menu.addAction(u"Reset to the inherited value"_s);
        reset->setEnabled(scope.has_value());
        QAction *chosen = menu.exec(origin->mapToGlobal(pos));
        if (chosen == all)
            m_document->setScope(path, Scope::AllEnvironments);
        else if (chosen == only)
            m_document->setScope(path, Scope::ThisEnvironment);
        else if (chosen == reset)
            m_document->resetValue(path);
    });
    r.origin->setMinimumWidth(fontMetrics().horizontalAdvance(u"module preset"_s) + 8);
    r.origin->setWordWrap(true);
    r.reset = new QToolButton(this);
    r.reset->setObjectName(u"reset:"_s + def.path);
    r.reset->setIcon(QIcon::fromTheme(u"edit-undo"_s));
    r.reset->setText(u"Reset"_s);
    r.reset->setToolButtonStyle(Qt::ToolButtonTextOnly);
    r.reset->setAutoRaise(true);
    connect(r.reset, &QToolButton::clicked, this, [this, path = def.path] {
        const int i = m_index.value(path);
        setProblem(m_rows[i], QString());
        m_document->resetValue(path);
    });
    r.problem = new QLabel(this);
    r.problem->setObjectName(u"problem:"_s + def.path);
    r.problem->setWordWrap(true);
    r.problem->setStyleSheet(u"QLabel { color: %1; }"_s.arg(statusColour(u"fail"_s).name()));
    r.problem->hide();
    r.note = new QLabel(this);
    r.note->setObjectName(u"note:"_s + def.path);
    r.note->setWordWrap(true);
    QFont noteFont = r.note->font();
    noteFont.setItalic(true);
    r.note->setFont(noteFont);
    r.note->hide();
    r.below = new QVBoxLayout;
    r.below->setContentsMargins(0, 0, 0, 0);
    r.below->setSpacing(0);
    r.below->addWidget(r.problem);
    r.below->addWidget(r.note);
    r.gridRow = gridRow;
    m_grid->addWidget(r.label, gridRow * 3, 0, Qt::AlignRight | (qobject_cast<TableEdit *>(r.editor) ? Qt::AlignTop : Qt::AlignVCenter));
    m_grid->addLayout(r.below, gridRow * 3 + 2, 1, 1, 3);
    m_index.insert(def.path, m_rows.size());
    m_rows.append(r);
}

void FormPage::commitText(Row &row, const QString &text)
{
    // Line edits hold strings; lists, maps and quantities have their own editors. Text that is
    // not valid never reaches the project: what was committed while typing (a valid beginning,
    // "v0.3.9" of "v0.3.9 rc1") is taken back, so the project holds what it held before.
    const QString path = row.def->path;
    if (!m_typingFrom.contains(path))
        m_typingFrom.insert(path, m_document->project());
    const QString error = checkFieldValue(*row.def, text);
    if (!error.isEmpty())
        m_typed.insert(path, text);
    setProblem(row, error);
    if (error.isEmpty())
        m_document->setValue(path, text);
    else
        m_document->revertTyping(path, m_typingFrom.value(path));
}

QString FormPage::typedText(const QString &path) const
{
    return m_problems.contains(path) ? m_typed.value(path) : QString();
}

void FormPage::dropTypedText()
{
    for (Row &r : m_rows) {
        if (!m_problems.contains(r.def->path))
            continue;
        setProblem(r, QString());
        m_typingFrom.remove(r.def->path);
        showRow(r, true);
    }
}

void FormPage::restoreRows(const QString &path)
{
    for (Row &r : m_rows) {
        if (!path.isEmpty() && r.def->path != path)
            continue;
        m_typingFrom.remove(r.def->path);
        setProblem(r, QString());
        showRow(r, true);
    }
}

void FormPage::setProblem(Row &row, const QString &message)
{
    const bool had = m_problems.contains(row.def->path);
    if (message.isEmpty() && !had)
        return;
    row.problem->setText(message);
    row.problem->setVisible(!message.isEmpty());
    if (auto *edit = qobject_cast<QLineEdit *>(row.editor))
        edit->setStyleSheet(message.isEmpty() ? QString() : u"QLineEdit { border: 2px solid #d93025; }"_s);
    if (message.isEmpty()) {
        m_problems.remove(row.def->path);
        m_typed.remove(row.def->path);
    }
    else
        m_problems.insert(row.def->path, message);
    updateProblemSummary();
}

void FormPage::updateProblemSummary()
{
    if (m_problems.isEmpty()) {
        m_summary->hide();
    } else {
        QStringList items;
        for (const Row &r : std::as_const(m_rows))
            if (m_problems.contains(r.def->path))
                items << u"<b>%1</b>: %2"_s.arg(r.def->label.toHtmlEscaped(), m_problems.value(r.def->path).toHtmlEscaped());
        m_summary->setText(u"%1 on this page (not applied until fixed):<br>"_s.arg(items.size() == 1 ? u"1 problem"_s : u"%1 problems"_s.arg(items.size()))
                           + items.join(u"<br>"_s));
        m_summary->show();
    }
    Q_EMIT problemsChanged();
}

bool FormPage::pageAppliesTo(const QString &pageId, const Target &target)
{
    for (const FieldDef &def : fieldDefs())
        if (def.page == pageId && def.appliesTo(target))
            return true;
    return false;
}

void FormPage::refresh(const QString &path)
{
    if (!path.isEmpty()) {
        const auto it = m_index.constFind(path);
        if (it != m_index.constEnd())
            showRow(m_rows[*it]);
        for (const Row &r : std::as_const(m_rows)) // a setting may turn others on or off
            showState(r);
        return;
    }
    for (const Row &r : std::as_const(m_rows))
        showRow(r);
}

void FormPage::placeRows(bool narrow)
{
    // Wide: label | editor | origin | Reset on one line. Narrow (a small window): origin and
    // Reset go under the editor, so that nothing is cut off and nothing needs a side scroll.
    m_narrow = narrow;
    for (const Row &r : std::as_const(m_rows)) {
        for (QWidget *w : {r.editor, static_cast<QWidget *>(r.origin), static_cast<QWidget *>(r.reset)})
            m_grid->removeWidget(w);
        const int line = r.gridRow * 3;
        if (narrow) {
            m_grid->addWidget(r.editor, line, 1, 1, 3);
            m_grid->addWidget(r.origin, line + 1, 1, 1, 2);
            m_grid->addWidget(r.reset, line + 1, 3);
        } else {
            m_grid->addWidget(r.editor, line, 1);
            m_grid->addWidget(r.origin, line, 2);
            m_grid->addWidget(r.reset, line, 3);
        }
    }
}

void FormPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitWidth();
}

void FormPage::fitWidth()
{
    // The width one line per row needs: the widest label, the editor, the origin and Reset.
    if (m_wideWidth == 0) {
        int label = 0, origin = 0, reset = 0;
        for (const Row &r : std::as_const(m_rows)) {
            label = std::max(label, r.label->sizeHint().width());
            origin = std::max(origin, r.origin->minimumWidth());
            reset = std::max(reset, r.reset->sizeHint().width());
        }
        const QMargins m = layout()->contentsMargins();
        m_wideWidth = label + 170 + origin + reset + 3 * m_grid->horizontalSpacing() + m.left() + m.right();
    }
    // What is visible: the scroll area's viewport when the page sits in one (the page itself
    // never gets narrower than its layout's minimum, the viewport does).
    const int available = parentWidget() ? std::min(width(), parentWidget()->width()) : width();
    const bool narrow = available < m_wideWidth;
    if (narrow != m_narrow)
        placeRows(narrow);
}

void FormPage::showState(const Row &r)
{
    // Whether the other settings leave this one in use, override it, or make it generate nothing.
    const Target target = m_document->target();
    const bool applies = r.def->appliesTo(target);
    const bool visible = applies || m_document->overrideScope(r.def->path).has_value();
    const FieldState state = fieldState(r.def->path, m_document->resolved());
    if (r.note->text() != state.note())
        r.note->setText(state.note());
    r.note->setVisible(visible && applies && !state.note().isEmpty());
    r.note->setToolTip(state.note());
    r.label->setEnabled(applies && state.inactive.isEmpty());
    r.editor->setEnabled(applies && state.inactive.isEmpty());
}

void FormPage::showRow(const Row &r, bool force)
{
    const Target target = m_document->target();
    const FieldDef &def = *r.def;
    const std::optional<Scope> scope = m_document->overrideScope(def.path);
    const bool applies = def.appliesTo(target);
    const bool visible = applies || scope.has_value();
    for (QWidget *w : {static_cast<QWidget *>(r.label), r.editor, static_cast<QWidget *>(r.origin), static_cast<QWidget *>(r.reset)})
        w->setVisible(visible);
    r.problem->setVisible(visible && m_problems.contains(def.path));
    showState(r);
    if (!visible)
        return;
    const ResolvedValue v = m_document->resolved().at(def.path);
    // Never overwrite what the user is typing, nor text with a problem still shown.
    const bool typing = r.editor->hasFocus() && (qobject_cast<QLineEdit *>(r.editor) || qobject_cast<QSpinBox *>(r.editor));
    if (force || (!typing && !m_problems.contains(def.path))) {
        const QSignalBlocker block(r.editor);
        if (auto *box = qobject_cast<QCheckBox *>(r.editor))
            box->setChecked(v.value.toBool());
        else if (auto *spin = qobject_cast<QSpinBox *>(r.editor))
            spin->setValue(int(v.value.toLongLong()));
        else if (auto *combo = qobject_cast<QComboBox *>(r.editor))
            combo->setCurrentIndex(combo->findText(v.value.toString()));
        else if (auto *quantity = qobject_cast<QuantityEdit *>(r.editor); quantity && quantity->quantity() != v.value.toString())
            quantity->setQuantity(v.value.toString());
        else if (auto *table = qobject_cast<TableEdit *>(r.editor))
            table->setValue(v.value);
        else if (auto *edit = qobject_cast<QLineEdit *>(r.editor); edit && edit->text() != toText(def, v.value))
            edit->setText(toText(def, v.value));
    }
    QString origin = layerName(v.layer);
    if (scope == Scope::ThisEnvironment)
        origin = u"project (%1 only)"_s.arg(displayName(target.environment).toLower());
    if (!applies)
        origin = u"inactive (kept)"_s;
    r.origin->setText(origin);
    const QFont base = font();
    QFont f = base;
    f.setBold(v.layer == Layer::Project);
    f.setItalic(!applies);
    r.origin->setFont(f);
    r.origin->setToolTip(applies ? u"Value from: %1%2\nRight-click: every environment or this one only"_s.arg(v.origin.isEmpty() ? layerName(v.layer) : v.origin,
                                                                scope ? u"\nReset shows the inherited value: "_s + toText(def, m_document->inherited(def.path).value)
                                                                      : QString())
                                 : u"%1 does not use this setting; the project's value is kept for the targets that do."_s.arg(target.id()));
    r.reset->setEnabled(scope.has_value());
    r.reset->setToolTip(scope ? u"Reset to the inherited value (%1)"_s.arg(toText(def, m_document->inherited(def.path).value))
                              : u"Not set by the project"_s);
}

bool FormPage::selectField(const QString &path, bool focus)
{
    const auto it = m_index.constFind(path);
    if (it == m_index.constEnd())
        return false;
    const Row &r = m_rows[*it];
    if (focus)
        r.editor->setFocus(Qt::OtherFocusReason);
    // A short highlight of the row's label.
    r.label->setStyleSheet(u"QLabel { background: palette(highlight); color: palette(highlighted-text); border-radius: 3px; padding: 0 4px; }"_s);
    QTimer::singleShot(1500, r.label, [label = r.label] { label->setStyleSheet(QString()); });
    return true;
}

QWidget *FormPage::editorFor(const QString &path) const
{
    const auto it = m_index.constFind(path);
    return it == m_index.constEnd() ? nullptr : m_rows[*it].editor;
}

QWidget *FormPage::firstEditor() const
{
    for (const Row &r : m_rows)
        if (r.editor->isVisibleTo(this) && r.editor->isEnabled())
            return r.editor;
    return nullptr;
}

QToolButton *FormPage::resetButtonFor(const QString &path) const
{
    const auto it = m_index.constFind(path);
    return it == m_index.constEnd() ? nullptr : m_rows[*it].reset;
}

QString FormPage::noteFor(const QString &path) const
{
    const auto it = m_index.constFind(path);
    return it == m_index.constEnd() || m_rows[*it].note->isHidden() ? QString() : m_rows[*it].note->text();
}

QString FormPage::problemFor(const QString &path) const
{
    return m_problems.value(path);
}

QHash<QString, QString> FormPage::problems() const
{
    return m_problems;
}

void FormPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) // another theme: the problems' colour with it
        for (Row &r : m_rows)
            r.problem->setStyleSheet(u"QLabel { color: %1; }"_s.arg(statusColour(u"fail"_s).name()));
}

bool FormPage::event(QEvent *event)
{
    if (event->type() == QEvent::ParentChange && parentWidget())
        parentWidget()->installEventFilter(this); // the viewport's width decides the layout
    return QWidget::event(event);
}

bool FormPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        fitWidth();
    if (event->type() == QEvent::FocusIn) {
        const QString path = watched->property("fieldPath").toString();
        if (!path.isEmpty())
            Q_EMIT fieldFocused(path);
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace dc
