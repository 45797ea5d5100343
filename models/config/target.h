#pragma once

#include <QString>
#include <QStringList>
#include <optional>

class QDebug;

namespace dc {

enum class Platform { Kubeflow, Odh, Standalone };
enum class Environment { Development, Staging, Production };
enum class Preset { ModelRegistryUi, Split };

QString toId(Platform p);
QString toId(Environment e);
QString toId(Preset p);
QString displayName(Platform p);
QString displayName(Environment e);
QString displayName(Preset p);
/// One line on what a choice means, for help texts and `deployctl profiles`.
QString description(Platform p);
QString description(Environment e);
QString description(Preset p);

std::optional<Platform> platformFromId(QStringView id);
std::optional<Environment> environmentFromId(QStringView id);
std::optional<Preset> presetFromId(QStringView id);

QStringList platformIds();
QStringList environmentIds();
QStringList presetIds();

/// What is being rendered: platform × environment × module preset.
struct Target
{
    Platform platform = Platform::Kubeflow;
    Environment environment = Environment::Development;
    Preset preset = Preset::ModelRegistryUi;

    [[nodiscard]] QString id() const; // "kubeflow-production-model-registry-ui"
    bool operator==(const Target &o) const = default;
};

QDebug operator<<(QDebug dbg, const Target &t);

} // namespace dc
