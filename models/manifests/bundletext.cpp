#include "bundletext.h"

#include "yaml.h"

using namespace Qt::StringLiterals;

namespace dc {

BundleText bundleText(const Bundle &bundle)
{
    // The same text as Bundle::yaml(true), written once: the header, then each document.
    BundleText out;
    out.text = Bundle{bundle.target, {}, bundle.actions, {}}.yaml(true);
    out.lines.resize(size_t(out.text.count(u'\n')));
    for (size_t d = 0; d < bundle.documents.size(); ++d) {
        out.text += u"---\n"_s;
        out.lines.push_back({}); // "---"
        out.documentLines.push_back(int(out.lines.size()) + 1);
        const YamlText y = writeYaml(bundle.documents[d].root);
        out.text += y.text;
        for (const LineInfo &l : y.lines)
            out.lines.push_back({int(d), l.fieldPath, l.source});
    }
    return out;
}

QList<int> BundleText::linesFrom(const QString &configPath) const
{
    QList<int> result;
    if (configPath.isEmpty())
        return result;
    for (size_t i = 0; i < lines.size(); ++i) {
        const QString &s = lines[i].source;
        if (s == configPath || (s.size() > configPath.size() && s.startsWith(configPath) && s.at(configPath.size()) == u'.'))
            result.append(int(i) + 1);
    }
    return result;
}

QString BundleText::sourceAt(int line) const
{
    if (line < 1 || line > int(lines.size()))
        return {};
    const BundleLine &l = lines[size_t(line - 1)];
    if (!l.source.isEmpty() || l.document < 0)
        return l.source;
    // A line without its own source (a mapping key, a list item): the nearest enclosing field
    // above it in the same document that has one.
    for (int i = line - 2; i >= 0; --i) {
        const BundleLine &above = lines[size_t(i)];
        if (above.document != l.document)
            break;
        if (!above.source.isEmpty() && l.fieldPath.startsWith(above.fieldPath))
            return above.source;
    }
    return {};
}

} // namespace dc
