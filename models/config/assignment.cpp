#include "assignment.h"

#include "fields.h"
#include "layers.h"
#include "manifests/node.h"
#include "manifests/yaml.h"

using namespace Qt::StringLiterals;

namespace dc {

std::optional<SettingAssignment> parseSettingAssignment(const QString &text, QString *error)
{
    const qsizetype eq = text.indexOf(u'=');
    const QString path = eq > 0 ? text.left(eq).trimmed() : QString();
    const QString valueText = eq > 0 ? text.mid(eq + 1) : QString();
    if (path.isEmpty()) {
        *error = u"\"%1\": write FIELD=VALUE, e.g. replicas=3 (deployctl profiles --fields lists the settings)"_s.arg(text);
        return std::nullopt;
    }
    const FieldDef *def = findField(path);
    if (!def) {
        const QString hint = suggestField(path);
        *error = u"%1: unknown setting; %2"_s.arg(path, hint.isEmpty() ? u"see deployctl profiles --fields"_s : u"did you mean \"%1\"?"_s.arg(hint));
        return std::nullopt;
    }
    Node value;
    if (def->type == FieldType::String || def->type == FieldType::Enum || def->type == FieldType::Quantity) {
        value = Node(valueText);
    } else {
        const ParsedYaml parsed = parseYaml(valueText.toUtf8(), u"--set"_s);
        if (!parsed.ok()) {
            *error = u"%1: the value \"%2\" cannot be read: %3"_s.arg(path, valueText, parsed.issues.front().message);
            return std::nullopt;
        }
        value = parsed.documents.empty() ? Node() : parsed.documents.front();
    }
    // The project file's reader converts and checks it, so both say the same.
    Node mapping = Node::map();
    const QStringList parts = path.split(u'.');
    Node *at = &mapping;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i)
        at = &at->set(parts[i], Node::map());
    at->set(parts.back(), std::move(value));
    QList<ConfigIssue> issues;
    const ValueMap values = readValues(mapping, u"--set"_s, QString(), &issues);
    if (!issues.isEmpty()) {
        *error = u"%1: %2"_s.arg(path, issues.front().message);
        return std::nullopt;
    }
    return SettingAssignment{path, values.value(path).value};
}

} // namespace dc
