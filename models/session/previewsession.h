#pragma once

#include <QObject>

#include <memory>

template<typename T>
class QFutureWatcher;

namespace dc {

struct Bundle;
struct BundleText;
struct ResolvedConfig;
struct ValidationReport;
class SchemaValidator;

/**
 * The render-and-validate pipeline behind the console's preview, without widgets: render()
 * generates the bundle and its text at once (about a millisecond) and checks it (schemas and
 * lints) on a worker thread. One check runs at a time; renders that arrive meanwhile only mark
 * the latest bundle as due, so a burst of edits renders each edit once and checks the last
 * bundle once, and the results of superseded checks are dropped, never shown.
 */
class PreviewSession : public QObject
{
    Q_OBJECT
public:
    explicit PreviewSession(QObject *parent = nullptr);
    ~PreviewSession() override;

    /// Renders `config` now; emits rendered(), then validated() once its check is done.
    void render(const ResolvedConfig &config);

    [[nodiscard]] const Bundle &bundle() const { return *m_bundle; }
    [[nodiscard]] const BundleText &text() const { return *m_text; }
    /// The findings of the current bundle; empty until its first check is done.
    [[nodiscard]] const ValidationReport &report() const { return *m_report; }
    /// True while the shown findings belong to an older bundle than the current one.
    [[nodiscard]] bool checking() const;
    [[nodiscard]] double lastRenderMs() const { return m_renderMs; }
    [[nodiscard]] int renderCount() const { return m_renders; }
    /// Checks started; a check superseded before it started is never counted.
    [[nodiscard]] int checkCount() const { return m_checks; }

Q_SIGNALS:
    void rendered();
    void checkStarted();
    void validated();

private:
    void startCheck();
    void checkFinished();

    std::unique_ptr<Bundle> m_bundle;
    std::unique_ptr<BundleText> m_text;
    std::unique_ptr<ValidationReport> m_report;
    std::shared_ptr<SchemaValidator> m_schemas; // made by the first check; compiles schemas on the worker, when used
    QFutureWatcher<ValidationReport> *m_watcher;
    quint64 m_generation = 0;        // of the current bundle
    quint64 m_checkedGeneration = 0; // of the running or last finished check
    bool m_due = false;              // the current bundle waits for the running check to end
    double m_renderMs = 0;
    int m_renders = 0;
    int m_checks = 0;
};

} // namespace dc
