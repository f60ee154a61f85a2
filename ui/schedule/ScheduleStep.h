#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace Ebb {

// When a sync runs by itself and what stops it: by hand only, every interval, or a cron
// expression (UTC), with the next five start times as you type and a mistake said where it
// is; and the guards — the share of records a run may change or remove, and how fresh the
// newest row must be — each with what it means. A valid edit is handed on (scheduleEdited,
// guardsEdited) for the undo stack; an invalid one is marked and not.
class ScheduleStep : public QWidget
{
    Q_OBJECT

public:
    explicit ScheduleStep(QWidget* parent = nullptr);

    // The sync's settings as its file has them; `lastRun` the start of its last run (invalid: never ran).
    void show(const QJsonObject& schedule, const QJsonObject& guards, const QDateTime& lastRun);
    void setColumns(const QStringList& columns);
    // Hands on what is typed but not yet left (a Save while the cursor is in a box); false,
    // with the mistake in `problem`, when what is typed is not a valid schedule or guard.
    bool commit(QString* problem);

    QRadioButton* manualButton() const { return m_manual; }
    QRadioButton* everyButton() const { return m_every; }
    QRadioButton* cronButton() const { return m_cron; }
    QLineEdit* everyEdit() const { return m_everyText; }
    QLineEdit* cronEdit() const { return m_cronText; }
    QLineEdit* maxChangeEdit() const { return m_maxChange; }
    QLineEdit* maxDeleteEdit() const { return m_maxDelete; }
    QLineEdit* maxRejectEdit() const { return m_maxReject; }
    QComboBox* freshnessColumnBox() const { return m_freshColumn; }
    QLineEdit* freshnessAgeEdit() const { return m_freshAge; }
    QLabel* upcomingLabel() const { return m_upcoming; }
    // The next five start times as shown (UTC); empty when the schedule is off or wrong.
    QList<QDateTime> upcoming() const { return m_times; }

    // For tests: what "now" is (default: the clock).
    void setNow(const QDateTime& now) { m_now = now; }
    // Whether this window's schedules are paused (Pause Schedules, EBB_SCHEDULER=off): the next
    // runs then say that the window will not start them.
    void setPaused(bool paused);

Q_SIGNALS:
    void scheduleEdited(const QJsonObject& schedule);
    void guardsEdited(const QJsonObject& guards);

private:
    void scheduleChanged(bool hand);
    void guardsChanged(bool hand);
    QDateTime now() const { return m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc(); }

    QRadioButton* m_manual;
    QRadioButton* m_every;
    QRadioButton* m_cron;
    QButtonGroup* m_kind;
    QLineEdit* m_everyText;
    QLineEdit* m_cronText;
    QLabel* m_upcoming;
    QLineEdit* m_maxChange;
    QLineEdit* m_maxDelete;
    QLineEdit* m_maxReject;
    QComboBox* m_freshColumn;
    QLineEdit* m_freshAge;
    QLabel* m_guardProblem;
    QDateTime m_lastRun;
    QDateTime m_now;
    QList<QDateTime> m_times;
    QJsonObject m_shownSchedule, m_shownGuards;
    bool m_loading = false;
    QString m_scheduleProblem, m_guardsProblem; // what is wrong with what is typed; "" when valid
    bool m_paused = false;
};

} // namespace Ebb
