package web

import (
	"net/http"

	"inteqra/internal/access"
	"inteqra/internal/notify"
)

// notifyRoutes are the signed-in user's notifications and the admins'
// outbox of e-mails.
func (s *Server) notifyRoutes(h func(string, handler)) {
	h("GET /notifications", s.notificationList)
	h("POST /notifications/read", s.notificationsRead)
	h("POST /notifications/{id}", s.notificationOpen)
	h("GET /admin/outbox", s.outboxList)
	h("GET /account/notifications", s.preferencesForm)
	h("POST /account/notifications", s.preferencesSave)
}

// PreferencesPage is the signed-in user's choice of what they are told by
// e-mail as well as in the app.
type PreferencesPage struct {
	BasePage
	Preferences []notify.Preference
}

func (s *Server) preferencesForm(w http.ResponseWriter, r *http.Request) error {
	prefs, err := s.notify.Preferences(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "notify_preferences", PreferencesPage{BasePage: s.base(r, "notify.preferences.title"), Preferences: prefs})
	return nil
}

func (s *Server) preferencesSave(w http.ResponseWriter, r *http.Request) error {
	if err := s.notify.SetPreferences(r.Context(), r.PostForm["email"]); err != nil {
		return err
	}
	return s.redirect(w, r, "/account/notifications", "notify.preferences.saved")
}

// NotificationsPage is the signed-in user's notifications, the newest
// first.
type NotificationsPage struct {
	BasePage
	Notifications []notify.Notification
}

func (s *Server) notificationList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.notify.Notifications(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "notifications", NotificationsPage{BasePage: s.base(r, "notify.title"), Notifications: list})
	return nil
}

// notificationOpen marks a notification read and goes to what it is about.
func (s *Server) notificationOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := s.notify.MarkRead(r.Context(), id)
	if err != nil {
		return err
	}
	return s.redirect(w, r, localPath(n.Link, "/notifications"), "")
}

func (s *Server) notificationsRead(w http.ResponseWriter, r *http.Request) error {
	if err := s.notify.MarkAllRead(r.Context()); err != nil {
		return err
	}
	return s.redirect(w, r, "/notifications", "notify.all_read")
}

// OutboxPage is the admins' view of the e-mails sent and waiting.
type OutboxPage struct {
	BasePage
	Mails []notify.Mail
	Max   int
}

func (s *Server) outboxList(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ReadOutbox); err != nil {
		return err
	}
	list, err := s.notify.Outbox(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "outbox", OutboxPage{BasePage: s.base(r, "outbox.title"), Mails: list, Max: notify.OutboxPage})
	return nil
}
