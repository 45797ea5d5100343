#include "lintcontext.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace dc::lint {

namespace {

// --- catalogue ---------------------------------------------------------------------------

const LintInfo KustomizeCommonLabels{u"kustomize-common-labels"_s, Severity::Warning, u"kustomize commonLabels is deprecated"_s,
    u"Use `labels: [{pairs: {...}, includeSelectors: false}]` (kustomize edit fix migrates it)."_s};
const LintInfo KustomizeSelectorLabelsChange{u"kustomize-selector-labels-change"_s, Severity::Error, u"kustomize labels would change selectors on upgrade"_s,
    u"Keep version-like labels out of commonLabels and out of labels with includeSelectors: true."_s};

void lintKustomizations(Context &ctx)
{
    for (const ManifestDoc &d : ctx.set.docs) {
        if (d.root.str(u"kind") != u"Kustomization"_s)
            continue;
        if (const Node *common = d.root.get(u"commonLabels")) {
            ctx.report(KustomizeCommonLabels, d, u"commonLabels"_s, u"commonLabels also rewrites every selector"_s);
            for (const Node &pair : common->items())
                if (versionLike(pair.key(), pair.scalarText()))
                    ctx.report(KustomizeSelectorLabelsChange, d, u"commonLabels."_s + pair.key(),
                               u"commonLabels puts %1=%2 into every selector; the next release changes it and the apply fails (selectors are immutable)"_s
                                   .arg(pair.key(), pair.scalarText()));
        }
        if (const Node *labels = d.root.get(u"labels")) {
            int i = 0;
            for (const Node &entry : labels->items()) {
                if (entry.str(u"includeSelectors") == u"true"_s)
                    if (const Node *pairs = entry.get(u"pairs"))
                        for (const Node &pair : pairs->items())
                            if (versionLike(pair.key(), pair.scalarText()))
                                ctx.report(KustomizeSelectorLabelsChange, d, u"labels[%1].pairs.%2"_s.arg(i).arg(pair.key()),
                                           u"labels with includeSelectors: true put %1=%2 into every selector"_s.arg(pair.key(), pair.scalarText()));
                ++i;
            }
        }
    }
}


void run(Context &ctx)
{
    lintKustomizations(ctx);
}

} // namespace

const Area &kustomizeArea()
{
    static const Area area{"kustomize", {&KustomizeCommonLabels, &KustomizeSelectorLabelsChange}, &run};
    return area;
}

} // namespace dc::lint
