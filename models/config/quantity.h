#pragma once

#include <QString>

#include <optional>

class QDebug;

namespace dc {

/**
 * A Kubernetes resource quantity ("500m", "0.5", "1e3", "+1Gi", "1.5Gi", "1Pi"), read by the
 * API's grammar: a signed decimal number and one suffix — binary (Ki Mi Gi Ti Pi Ei), decimal
 * (m, k, M, G, T, P, E) or a decimal exponent (e3, E-2). The one reader of quantities: the form
 * editor and validation both use it.
 */
class Quantity
{
public:
    /// nullopt with a message (what is wrong, what to write) when the text is no quantity.
    static std::optional<Quantity> parse(const QString &text, QString *error = nullptr);

    /// The suffix as written ("Gi", "m", "e3", "").
    [[nodiscard]] const QString &suffix() const { return m_suffix; }
    /// The amount in base units: cores for CPU, bytes for memory (1.5Gi = 1610612736).
    [[nodiscard]] double value() const { return m_value; }
    /// What one unit of the suffix is worth in base units (Gi = 2^30, m = 0.001, e3 = 1000).
    [[nodiscard]] static std::optional<double> suffixFactor(const QString &suffix);
    [[nodiscard]] const QString &text() const { return m_text; }

    bool operator==(const Quantity &o) const { return m_value == o.m_value; }

private:
    QString m_text;
    QString m_suffix;
    double m_value = 0;
};

QDebug operator<<(QDebug dbg, const Quantity &q);

} // namespace dc
