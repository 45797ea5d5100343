#include "quantityedit.h"

#include "config/quantity.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLocale>
#include <QHBoxLayout>
#include <QSignalBlocker>

#include <cmath>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

struct Unit
{
    const char *suffix; // as written in the quantity
    const char *label;  // as shown
    double factor;      // in cores or bytes
};

constexpr Unit CpuUnits[] = {{"m", "millicores (m)", 0.001}, {"", "cores", 1}};
constexpr Unit MemoryUnits[] = {{"Mi", "MiB (Mi)", 1024.0 * 1024}, {"Gi", "GiB (Gi)", 1024.0 * 1024 * 1024}, {"Ki", "KiB (Ki)", 1024},
                                {"Ti", "TiB (Ti)", 1024.0 * 1024 * 1024 * 1024}, {"M", "MB (M)", 1e6}, {"G", "GB (G)", 1e9},
                                {"", "bytes", 1}};

/// The number as Kubernetes quantities write it, whatever the desktop's locale: "1", "1.5",
/// "1024" — not "1.000", "1,5" or "1.024".
class QuantityNumberBox : public QDoubleSpinBox
{
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double value) const override
    {
        QString text = QString::number(value, 'f', decimals());
        if (text.contains(u'.')) {
            while (text.endsWith(u'0'))
                text.chop(1);
            if (text.endsWith(u'.'))
                text.chop(1);
        }
        return text;
    }
    double valueFromText(const QString &text) const override { return QLocale::c().toDouble(text.trimmed()); }
};

} // namespace

QuantityEdit::QuantityEdit(Kind kind, QWidget *parent)
    : QWidget(parent)
    , m_kind(kind)
    , m_number(new QuantityNumberBox(this))
    , m_unit(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_number, 1);
    layout->addWidget(m_unit);
    m_number->setLocale(QLocale::c());
    m_number->setRange(0, 1e9);
    m_number->setDecimals(3);
    m_number->setAccelerated(true);
    if (kind == Cpu)
        for (const Unit &u : CpuUnits)
            m_unit->addItem(QString::fromLatin1(u.label));
    else
        for (const Unit &u : MemoryUnits)
            m_unit->addItem(QString::fromLatin1(u.label));
    setFocusProxy(m_number);
    connect(m_number, &QDoubleSpinBox::valueChanged, this, [this] { Q_EMIT quantityChanged(quantity()); });
    connect(m_unit, &QComboBox::currentIndexChanged, this, &QuantityEdit::unitChanged);
}

double QuantityEdit::factor(int index) const
{
    return m_kind == Cpu ? CpuUnits[index].factor : MemoryUnits[index].factor;
}

int QuantityEdit::decimals(int index) const
{
    // Whole millicores, bytes, KiB, MiB and MB; fractions of cores, GiB and larger.
    return factor(index) <= (m_kind == Cpu ? 0.001 : 1024.0 * 1024) ? 0 : 3;
}

void QuantityEdit::unitChanged(int index)
{
    // Same quantity in the new unit: 2 Gi -> 2048 Mi, 500 m -> 0.5 cores.
    const double base = m_number->value() * factor(m_lastUnit);
    m_lastUnit = index;
    const QSignalBlocker block(m_number);
    m_number->setDecimals(decimals(index));
    m_number->setValue(base / factor(index));
    Q_EMIT quantityChanged(quantity());
}

QString QuantityEdit::quantity() const
{
    const char *suffix = m_kind == Cpu ? CpuUnits[m_unit->currentIndex()].suffix : MemoryUnits[m_unit->currentIndex()].suffix;
    return QString::number(m_number->value(), 'g', 12) + QString::fromLatin1(suffix);
}

void QuantityEdit::setQuantity(const QString &text)
{
    const auto parsed = Quantity::parse(text.trimmed());
    const double base = parsed ? parsed->value() : 0;
    const int count = m_unit->count();
    int index = -1;
    for (int i = 0; i < count && index < 0 && parsed; ++i)
        if (QString::fromLatin1(m_kind == Cpu ? CpuUnits[i].suffix : MemoryUnits[i].suffix) == parsed->suffix())
            index = i;
    if (index < 0) {
        // A unit this editor does not offer (1e3, 1k cores, 1Pi): the largest offered unit that
        // keeps the number at 1 or more, so 1Pi shows as 1024 TiB and 1e3 as 1000 cores.
        index = count - 1;
        double best = 0;
        for (int i = 0; i < count; ++i) {
            const double f = factor(i);
            if (f <= std::abs(base) && f > best && (base / f) <= m_number->maximum()) {
                best = f;
                index = i;
            }
        }
    }
    const double value = base / factor(index);
    const QSignalBlocker blockNumber(m_number);
    const QSignalBlocker blockUnit(m_unit);
    m_unit->setCurrentIndex(index);
    m_lastUnit = index;
    // A fraction in a whole-number unit (1.5Mi) keeps its decimals rather than being rounded.
    m_number->setDecimals(value == std::floor(value) ? decimals(index) : 3);
    m_number->setValue(value);
}

} // namespace dc
