#include "ScheduleStep.h"

#include "app/engine/Guards.h"
#include "models/schedule/Schedule.h"
#include "ui/Sentence.h"
#include "ui/Tones.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QVBoxLayout>

namespace Ebb {

namespace {

QLabel* help(const QString& text)
{
    auto* label = new QLabel(text);
    makeSentence(label);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

ScheduleStep::ScheduleStep(QWidget* parent)
    : QWidget(parent)
    , m_manual(new QRadioButton(tr("Only when run by hand (Sync Now, ebb-cli run)")))
    , m_every(new QRadioButton(tr("Every")))
    , m_cron(new QRadioButton(tr("Cron (UTC)")))
    , m_kind(new QButtonGroup(this))
    , m_everyText(new QLineEdit)
    , m_cronText(new QLineEdit)
    , m_upcoming(new QLabel)
    , m_maxChange(new QLineEdit)
    , m_maxDelete(new QLineEdit)
    , m_maxReject(new QLineEdit)
    , m_freshColumn(new QComboBox)
    , m_freshAge(new QLineEdit)
    , m_guardProblem(new QLabel)
{
    for (QRadioButton* button : {m_manual, m_every, m_cron})
        m_kind->addButton(button);
    m_everyText->setPlaceholderText(tr("15m — s, m, h or d"));
    m_everyText->setAccessibleName(tr("Interval"));
    m_cronText->setPlaceholderText(tr("*/15 * * * * — minute hour day month weekday"));
    m_cronText->setAccessibleName(tr("Cron expression"));
    makeSentence(m_upcoming);
    m_upcoming->setAccessibleName(tr("The next runs"));

    auto* when = new QGroupBox(tr("When it runs by itself"));
    auto* grid = new QFormLayout(when);
    grid->addRow(m_manual);
    grid->addRow(m_every, m_everyText);
    grid->addRow(m_cron, m_cronText);
    grid->addRow(m_upcoming);
    grid->addRow(help(tr("A schedule counts from the start of the sync's last run, whoever started it; runs "
                         "missed while the computer was off or asleep are caught up once. While Ebb is open, "
                         "its scheduler runs due syncs (closing the window keeps it in the tray); otherwise "
                         "<code>ebb-cli schedule</code> from cron does. A sync never runs twice at once.")));

    m_maxChange->setPlaceholderText(tr("off"));
    m_maxDelete->setPlaceholderText(tr("off"));
    m_maxReject->setPlaceholderText(tr("off"));
    m_freshAge->setPlaceholderText(tr("24h"));
    m_maxChange->setAccessibleName(tr("Most records a run may change, in percent"));
    m_maxDelete->setAccessibleName(tr("Most records a run may remove, in percent"));
    m_maxReject->setAccessibleName(tr("Most rows a run may reject, in percent"));
    m_freshColumn->setAccessibleName(tr("Freshness column"));
    m_freshAge->setAccessibleName(tr("Freshness: the newest row's greatest age"));
    makeSentence(m_guardProblem);
    // Short values: the boxes are as wide as what goes in them, not the window.
    for (QLineEdit* edit : {m_everyText, m_cronText, m_maxChange, m_maxDelete, m_maxReject})
        edit->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('m')) * 30);
    m_freshColumn->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('m')) * 24);
    m_freshAge->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('m')) * 8);
    auto* guards = new QGroupBox(tr("Guards: what stops a run before it sends anything"));
    auto* form = new QFormLayout(guards);
    form->addRow(tr("Most changed (%)"), m_maxChange);
    form->addRow(help(tr("More than this share of the records it sent before would change: the model is "
                         "probably wrong (a join that doubled, a column renamed). The run stops; --force runs "
                         "past it.")));
    form->addRow(tr("Most removed (%)"), m_maxDelete);
    form->addRow(help(tr("A mirror would delete more than this share at the destination (an empty or half-loaded "
                         "table upstream).")));
    form->addRow(tr("Most rejected (%)"), m_maxReject);
    form->addRow(help(tr("More than this share of the rows read would be rejected (a mapping broken by a renamed "
                         "column rejects them all): sending the few that pass is rarely wanted.")));
    auto* fresh = new QHBoxLayout;
    fresh->addWidget(m_freshColumn);
    fresh->addWidget(new QLabel(tr("at most")));
    fresh->addWidget(m_freshAge);
    fresh->addStretch(1);
    form->addRow(tr("Freshness"), fresh);
    form->addRow(help(tr("The newest value of this column must be at most this old, or the warehouse's load has "
                         "not run: nothing stale is sent.")));
    form->addRow(m_guardProblem);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(when);
    layout->addWidget(guards);
    layout->addStretch(1);

    connect(m_kind, &QButtonGroup::buttonToggled, this, [this](QAbstractButton* button, bool checked) {
        if (!checked)
            return;
        // Every or Cron just chosen, with nothing typed yet: the box waits for it.
        QLineEdit* box = button == m_every ? m_everyText : (button == m_cron ? m_cronText : nullptr);
        scheduleChanged(!box || !box->text().trimmed().isEmpty());
        if (box && box->text().trimmed().isEmpty())
            box->setFocus();
    });
    for (QLineEdit* edit : {m_everyText, m_cronText}) {
        connect(edit, &QLineEdit::textEdited, this, [this, edit] {
            (edit == m_everyText ? m_every : m_cron)->setChecked(true);
            scheduleChanged(false); // as you type: the times and any mistake
        });
        connect(edit, &QLineEdit::editingFinished, this, [this] { scheduleChanged(true); });
    }
    for (QLineEdit* edit : {m_maxChange, m_maxDelete, m_maxReject, m_freshAge}) {
        connect(edit, &QLineEdit::textEdited, this, [this] { guardsChanged(false); });
        connect(edit, &QLineEdit::editingFinished, this, [this] { guardsChanged(true); });
    }
    connect(m_freshColumn, &QComboBox::activated, this, [this] { guardsChanged(true); });
}

void ScheduleStep::setColumns(const QStringList& columns)
{
    const QString current = m_freshColumn->currentData().toString();
    m_freshColumn->clear();
    m_freshColumn->addItem(tr("(no freshness check)"), QString());
    for (const QString& column : columns)
        m_freshColumn->addItem(column, column);
    m_freshColumn->setCurrentIndex(std::max(0, m_freshColumn->findData(current)));
}

void ScheduleStep::show(const QJsonObject& schedule, const QJsonObject& guards, const QDateTime& lastRun)
{
    m_loading = true;
    m_lastRun = lastRun;
    m_shownSchedule = schedule;
    m_shownGuards = guards;
    m_everyText->setText(schedule.value(QStringLiteral("every")).toString());
    m_cronText->setText(schedule.value(QStringLiteral("cron")).toString());
    if (schedule.contains(QStringLiteral("every")))
        m_every->setChecked(true);
    else if (schedule.contains(QStringLiteral("cron")))
        m_cron->setChecked(true);
    else
        m_manual->setChecked(true);
    const auto percent
        = [](const QJsonValue& value) { return value.isDouble() ? QString::number(value.toDouble()) : QString(); };
    m_maxChange->setText(percent(guards.value(QStringLiteral("maxChangePercent"))));
    m_maxDelete->setText(percent(guards.value(QStringLiteral("maxDeletePercent"))));
    m_maxReject->setText(percent(guards.value(QStringLiteral("maxRejectPercent"))));
    const QJsonObject freshness = guards.value(QStringLiteral("freshness")).toObject();
    const QString column = freshness.value(QStringLiteral("column")).toString();
    if (!column.isEmpty() && m_freshColumn->findData(column) < 0)
        m_freshColumn->addItem(column, column);
    m_freshColumn->setCurrentIndex(std::max(0, m_freshColumn->findData(column)));
    m_freshAge->setText(freshness.value(QStringLiteral("maxAge")).toString());
    m_loading = false;
    scheduleChanged(false);
    guardsChanged(false);
}

bool ScheduleStep::commit(QString* problem)
{
    scheduleChanged(true);
    guardsChanged(true);
    if (!m_scheduleProblem.isEmpty())
        *problem = tr("The schedule: %1").arg(m_scheduleProblem);
    else if (!m_guardsProblem.isEmpty())
        *problem = tr("The guards: %1").arg(m_guardsProblem);
    return m_scheduleProblem.isEmpty() && m_guardsProblem.isEmpty();
}

void ScheduleStep::scheduleChanged(bool hand)
{
    m_everyText->setEnabled(m_every->isChecked());
    m_cronText->setEnabled(m_cron->isChecked());
    QJsonObject json;
    if (m_every->isChecked())
        json.insert(QStringLiteral("every"), m_everyText->text().trimmed());
    else if (m_cron->isChecked())
        json.insert(QStringLiteral("cron"), m_cronText->text().simplified());
    m_times.clear();
    m_scheduleProblem.clear();
    const QLineEdit* chosen = m_every->isChecked() ? m_everyText : (m_cron->isChecked() ? m_cronText : nullptr);
    if (json.isEmpty()) {
        m_upcoming->setText(tr("No schedule: the sync runs when you run it."));
    } else if (chosen && chosen->text().trimmed().isEmpty() && !hand) {
        // Just chosen, nothing typed yet: what to type, not a mistake (it is one if left so).
        m_scheduleProblem = tr("type %1").arg(m_every->isChecked() ? tr("an interval") : tr("a cron expression"));
        m_upcoming->setText(m_every->isChecked() ? tr("Type how often: 30s, 15m, 2h or 1d.")
                                                 : tr("Type five fields: minute hour day month weekday (UTC)."));
        m_everyText->setStyleSheet(QString());
        m_cronText->setStyleSheet(QString());
        return;
    } else if (auto schedule = Schedule::fromJson(json); !schedule) {
        // The mistake, where it is: "$.schedule.cron: minute 61 is out of range (0-59)".
        m_scheduleProblem = schedule.error().message.section(QStringLiteral(": "), 1); // not the JSON path
        m_upcoming->setText(tr("<b>✗</b> %1").arg(m_scheduleProblem.toHtmlEscaped()));
        (m_every->isChecked() ? m_everyText : m_cronText)
            ->setStyleSheet(Tones::errorBorder(palette(), QStringLiteral("QLineEdit")));
        (m_every->isChecked() ? m_cronText : m_everyText)->setStyleSheet(QString());
        return;
    } else {
        m_times = schedule->upcoming(m_lastRun, now(), 5);
        // Seconds shown only where minutes would not tell two times apart (every 30s).
        bool seconds = false;
        for (qsizetype i = 1; i < m_times.size(); ++i)
            seconds = seconds || m_times[i - 1].secsTo(m_times[i]) < 60;
        const QString clock = seconds ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm");
        QStringList lines;
        for (const QDateTime& time : std::as_const(m_times))
            lines << tr("%1 UTC (%2 here)")
                         .arg(time.toUTC().toString(QStringLiteral("ddd yyyy-MM-dd ") + clock),
                             time.toLocalTime().toString(clock));
        m_upcoming->setText(m_times.isEmpty()
                ? tr("This schedule never fires.")
                : tr("<b>Next runs:</b> %1%2")
                        .arg(lines.join(QStringLiteral(" · ")),
                            m_lastRun.isValid() ? QString() : tr(" (never ran: due at once)"))
                    + (m_paused ? tr("<br><b>Schedules are paused in this window:</b> it starts none of these runs "
                                     "until Pause Schedules (Sync menu, or the tray's) is unchecked. <code>ebb-cli "
                                     "schedule</code> from cron or a timer still runs them.")
                                : QString()));
    }
    m_everyText->setStyleSheet(QString());
    m_cronText->setStyleSheet(QString());
    if (hand && !m_loading && json != m_shownSchedule) {
        m_shownSchedule = json;
        Q_EMIT scheduleEdited(json);
    }
}

void ScheduleStep::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    scheduleChanged(false);
}

void ScheduleStep::guardsChanged(bool hand)
{
    QJsonObject json;
    bool ok = true;
    const auto percent = [&](QLineEdit* edit, const char* key) {
        const QString text = edit->text().trimmed();
        if (text.isEmpty())
            return;
        bool number = false;
        const double value = text.toDouble(&number);
        if (!number)
            ok = false;
        json.insert(QLatin1String(key), number ? QJsonValue(value) : QJsonValue(text));
    };
    percent(m_maxChange, "maxChangePercent");
    percent(m_maxDelete, "maxDeletePercent");
    percent(m_maxReject, "maxRejectPercent");
    const QString column = m_freshColumn->currentData().toString();
    m_freshAge->setEnabled(!column.isEmpty());
    if (!column.isEmpty())
        json.insert(QStringLiteral("freshness"),
            QJsonObject{{QStringLiteral("column"), column},
                {QStringLiteral("maxAge"),
                    m_freshAge->text().trimmed().isEmpty() ? QStringLiteral("24h") : m_freshAge->text().trimmed()}});
    auto parsed = Guards::parse(json);
    m_guardsProblem.clear();
    if (!ok || !parsed) {
        m_guardsProblem = parsed ? tr("a percentage is a number from 0 to 100") : parsed.error().message;
        m_guardProblem->setText(
            tr("<b>✗</b> %1")
                .arg((parsed ? tr("a percentage is a number from 0 to 100") : parsed.error().message).toHtmlEscaped()));
        return;
    }
    m_guardProblem->clear();
    if (hand && !m_loading && json != m_shownGuards) {
        m_shownGuards = json;
        Q_EMIT guardsEdited(json);
    }
}

} // namespace Ebb
