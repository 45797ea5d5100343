#pragma once

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;

namespace dc {

/// A resource quantity as a number and a unit: millicores or cores for CPU; Mi, Gi, ... for
/// memory. Switching the unit converts the number, so the quantity stays the same.
class QuantityEdit : public QWidget
{
    Q_OBJECT
public:
    enum Kind { Cpu, Memory };
    QuantityEdit(Kind kind, QWidget *parent = nullptr);

    /// The quantity as Kubernetes writes it ("500m", "1.5", "512Mi").
    [[nodiscard]] QString quantity() const;
    /// Shows a quantity; one with a unit this editor does not offer is converted.
    void setQuantity(const QString &text);
    [[nodiscard]] QDoubleSpinBox *numberBox() const { return m_number; }
    [[nodiscard]] QComboBox *unitBox() const { return m_unit; }

Q_SIGNALS:
    void quantityChanged(const QString &quantity);

private:
    void unitChanged(int index);
    [[nodiscard]] double factor(int index) const;
    [[nodiscard]] int decimals(int index) const;

    Kind m_kind;
    QDoubleSpinBox *m_number;
    QComboBox *m_unit;
    int m_lastUnit = 0;
};

} // namespace dc
