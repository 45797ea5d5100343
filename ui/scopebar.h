#pragma once

#include <QWidget>

class QLabel;
class QRadioButton;

namespace dc {

class ProjectDocument;

/**
 * Above the form: where an edit goes, chosen before typing — "Every environment" or "<the
 * current environment> only" — bound to the document's edit scope. The environment's name
 * follows the target bar.
 */
class ScopeBar : public QWidget
{
    Q_OBJECT
public:
    explicit ScopeBar(ProjectDocument *document, QWidget *parent = nullptr);
    [[nodiscard]] QRadioButton *everyEnvironment() const { return m_all; }
    [[nodiscard]] QRadioButton *thisEnvironment() const { return m_this; }

private:
    void update();

    ProjectDocument *m_document;
    QLabel *m_label;
    QRadioButton *m_all;
    QRadioButton *m_this;
};

} // namespace dc
