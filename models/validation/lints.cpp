#include "lints.h"

#include "lints/lintcontext.h"

using namespace Qt::StringLiterals;

namespace dc {

namespace {

const std::vector<const lint::Area *> &areas()
{
    static const std::vector<const lint::Area *> all = {&lint::networkArea(), &lint::workloadArea(), &lint::kustomizeArea(),
                                                        &lint::platformArea(), &lint::moduleArea(), &lint::namesArea()};
    return all;
}

} // namespace

const QList<LintInfo> &lintCatalog()
{
    static const QList<LintInfo> catalog = [] {
        QList<LintInfo> out;
        for (const lint::Area *area : areas())
            for (const LintInfo *info : area->lints)
                out.append(*info);
        return out;
    }();
    return catalog;
}

QString lintArea(QStringView id)
{
    for (const lint::Area *area : areas())
        for (const LintInfo *info : area->lints)
            if (info->id == id)
                return QString::fromLatin1(area->name);
    return {};
}

const LintInfo *findLint(QStringView id)
{
    for (const LintInfo &l : lintCatalog())
        if (l.id == id)
            return &l;
    return nullptr;
}

QList<Finding> runLints(const ManifestSet &set, const LintOptions &options)
{
    lint::Context ctx(set, options);
    for (const lint::Area *area : areas())
        area->run(ctx);
    return ctx.out;
}

} // namespace dc
