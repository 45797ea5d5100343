#include "resolvedconfig.h"

#include "fields.h"
#include "project.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcConfig, "dc.config")

namespace dc {

namespace {

const QVariant &lookup(const ResolvedConfig &c, const QString &path)
{
    const auto it = c.values.constFind(path);
    if (it == c.values.constEnd()) {
        // A generator asking for a field the registry does not have is a programming error.
        qCCritical(lcConfig) << "unknown config field" << path;
        static const QVariant none;
        return none;
    }
    return it->value;
}

QString originText(const LayerValue &v)
{
    return v.line > 0 ? v.origin + u':' + QString::number(v.line) : v.origin;
}

ResolvedValue resolveOne(const FieldDef &def, const Project &project, const Target &t, const Profiles &profiles,
                         bool includeProject, const VariantValues *variant)
{
    ResolvedValue r{def.defaultValue, Layer::Default, u"built-in"_s};
    auto apply = [&](const ValueMap &layer, Layer id) {
        const auto it = layer.constFind(def.path);
        if (it != layer.constEnd())
            r = ResolvedValue{it->value, id, originText(*it)};
    };
    apply(profiles.preset[int(t.preset)], Layer::Preset);
    apply(profiles.platform[int(t.platform)], Layer::Platform);
    apply(profiles.platformPreset[int(t.platform)][int(t.preset)], Layer::Platform);
    if (variant) {
        apply(variant->values, Layer::Platform);
        apply(variant->preset[int(t.preset)], Layer::Platform);
    }
    apply(profiles.environment[int(t.environment)], Layer::Environment);
    if (includeProject) {
        apply(project.values, Layer::Project);
        apply(project.environments[int(t.environment)], Layer::Project);
    }
    return r;
}

// The platform's distribution as the project chooses it (ODH: odh or rhoai); null when the
// platform has none or the built-in one is chosen.
const VariantValues *variantOf(const Project &project, const Target &t, const Profiles &profiles)
{
    if (t.platform != Platform::Odh)
        return nullptr;
    static const FieldDef *def = findField(u"odh.variant");
    const QString name = resolveOne(*def, project, t, profiles, true, nullptr).value.toString();
    const auto &variants = profiles.platformVariant[int(t.platform)];
    const auto it = variants.constFind(name);
    return it == variants.constEnd() ? nullptr : &*it;
}

} // namespace

QString ResolvedConfig::str(const QString &path) const { return lookup(*this, path).toString(); }
qint64 ResolvedConfig::integer(const QString &path) const { return lookup(*this, path).toLongLong(); }
bool ResolvedConfig::flag(const QString &path) const { return lookup(*this, path).toBool(); }
QStringList ResolvedConfig::list(const QString &path) const { return lookup(*this, path).toStringList(); }
QVariantMap ResolvedConfig::map(const QString &path) const { return lookup(*this, path).toMap(); }
ResolvedValue ResolvedConfig::at(const QString &path) const { return values.value(path); }

ResolvedConfig resolve(const Project &project, const Target &target, const Profiles &profiles)
{
    ResolvedConfig c;
    c.target = target;
    c.values.reserve(int(fieldDefs().size()));
    const VariantValues *variant = variantOf(project, target, profiles);
    for (const FieldDef &def : fieldDefs())
        c.values.insert(def.path, resolveOne(def, project, target, profiles, true, variant));
    return c;
}

ResolvedValue inheritedValue(const Project &project, const Target &target, const QString &path, const Profiles &profiles)
{
    const FieldDef *def = findField(path);
    return def ? resolveOne(*def, project, target, profiles, false, variantOf(project, target, profiles)) : ResolvedValue{};
}

} // namespace dc
