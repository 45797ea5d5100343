#include "scopebar.h"

#include "projectdocument.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>

using namespace Qt::StringLiterals;

namespace dc {

ScopeBar::ScopeBar(ProjectDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
{
    setObjectName(u"scopeBar"_s);
    m_label = new QLabel(u"Edits apply to:"_s, this);
    m_all = new QRadioButton(u"E&very environment"_s, this);
    m_all->setObjectName(u"scopeAll"_s);
    m_this = new QRadioButton(this);
    m_this->setObjectName(u"scopeThis"_s);
    auto *group = new QButtonGroup(this);
    group->addButton(m_all);
    group->addButton(m_this);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_all);
    layout->addWidget(m_this);
    layout->addStretch(1);
    connect(m_all, &QRadioButton::toggled, this, [this](bool on) {
        if (on)
            m_document->setEditScope(Scope::AllEnvironments);
    });
    connect(m_this, &QRadioButton::toggled, this, [this](bool on) {
        if (on)
            m_document->setEditScope(Scope::ThisEnvironment);
    });
    connect(m_document, &ProjectDocument::editScopeChanged, this, &ScopeBar::update);
    connect(m_document, &ProjectDocument::targetChanged, this, &ScopeBar::update);
    update();
}

void ScopeBar::update()
{
    const QString env = displayName(m_document->target().environment);
    m_this->setText(u"%1 &only"_s.arg(env));
    m_all->setToolTip(u"What you change is set for development, staging and production (an environment with its own value keeps it)"_s);
    m_this->setToolTip(u"What you change is set for %1 only; the other environments keep theirs"_s.arg(env));
    (m_document->editScope() == Scope::AllEnvironments ? m_all : m_this)->setChecked(true);
}

} // namespace dc
