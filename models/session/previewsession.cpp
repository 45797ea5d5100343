#include "previewsession.h"

#include "config/resolvedconfig.h"
#include "manifests/bundle.h"
#include "manifests/bundletext.h"
#include "manifests/generator.h"
#include "validation/schemavalidator.h"
#include "validation/validator.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>


using namespace Qt::StringLiterals;

namespace dc {

PreviewSession::PreviewSession(QObject *parent)
    : QObject(parent)
    , m_bundle(std::make_unique<Bundle>())
    , m_text(std::make_unique<BundleText>())
    , m_report(std::make_unique<ValidationReport>())
    , m_watcher(new QFutureWatcher<ValidationReport>(this))
{
    connect(m_watcher, &QFutureWatcher<ValidationReport>::finished, this, &PreviewSession::checkFinished);
}

PreviewSession::~PreviewSession()
{
    // The worker uses the schemas and its copy of the bundle: let it finish first.
    m_watcher->waitForFinished();
}

bool PreviewSession::checking() const
{
    return m_watcher->isRunning() || m_due;
}

void PreviewSession::render(const ResolvedConfig &config)
{
    QElapsedTimer timer;
    timer.start();
    *m_bundle = generate(config);
    *m_text = bundleText(*m_bundle);
    m_renderMs = double(timer.nsecsElapsed()) / 1e6;
    ++m_renders;
    ++m_generation;
    Q_EMIT rendered();
    if (m_watcher->isRunning()) {
        m_due = true; // checked when the running check ends; its result is dropped
        return;
    }
    startCheck();
}

void PreviewSession::startCheck()
{
    m_due = false;
    m_checkedGeneration = m_generation;
    ++m_checks;
    // The validator is cheap to make; it compiles each schema on the worker when first needed,
    // off the path to the first frame.
    if (!m_schemas)
        m_schemas = std::make_shared<SchemaValidator>();
    m_watcher->setFuture(QtConcurrent::run([bundle = *m_bundle, schemas = m_schemas] {
        return validateBundle(bundle, u"preview"_s, *schemas, ValidationOptions{});
    }));
    Q_EMIT checkStarted();
}

void PreviewSession::checkFinished()
{
    if (m_checkedGeneration != m_generation) {
        // A newer bundle was rendered meanwhile: this result is stale.
        startCheck();
        return;
    }
    if (m_watcher->future().resultCount() == 0)
        return;
    *m_report = m_watcher->result();
    Q_EMIT validated();
}

} // namespace dc
