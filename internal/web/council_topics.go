package web

import (
	"net/http"

	"inteqra/internal/access"
	"inteqra/internal/council"
)

// councilTopicRoutes are the admin's pages for the catalogue of proposal
// topics.
func (s *Server) councilTopicRoutes(h func(string, handler)) {
	h("GET /admin/council-topics", s.topicList)
	h("GET /admin/council-topics/new", s.topicNew)
	h("POST /admin/council-topics", s.topicSave)
	h("GET /admin/council-topics/{id}", s.topicEdit)
	h("POST /admin/council-topics/{id}", s.topicSave)
}

// TopicsPage lists the catalogue of proposal topics, retired ones too.
type TopicsPage struct {
	BasePage
	Topics []council.Topic
}

func (s *Server) topicList(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageCouncilCatalogue); err != nil {
		return err
	}
	list, err := s.council.Topics(r.Context(), true)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_topics", TopicsPage{BasePage: s.base(r, "council.topics.title"), Topics: list})
	return nil
}

// TopicFormPage creates (ID 0) or edits a topic.
type TopicFormPage struct {
	BasePage
	ID    int64
	Input council.TopicInput
}

func (s *Server) topicNew(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageCouncilCatalogue); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_topic_form", TopicFormPage{BasePage: s.base(r, "council.topics.new"), Input: council.TopicInput{Active: true}})
	return nil
}

func (s *Server) topicEdit(w http.ResponseWriter, r *http.Request) error {
	if err := access.Require(r.Context(), access.ManageCouncilCatalogue); err != nil {
		return err
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	t, err := s.council.Topic(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "council_topic_form", TopicFormPage{BasePage: s.base(r, "council.topics.edit"), ID: id,
		Input: t.Edit()})
	return nil
}

var topicFields = Fields{"council.topic.code": "code", "council.topic.name_az": "name_az",
	"council.topic.name_en": "name_en", "council.topic.name_ru": "name_ru"}

func (s *Server) topicSave(w http.ResponseWriter, r *http.Request) error {
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	f := r.PostForm
	in := council.TopicInput{Code: f.Get("code"), Active: f.Get("active") == "on",
		Name: council.Texts{Az: f.Get("name_az"), En: f.Get("name_en"), Ru: f.Get("name_ru")}}
	_, err := s.council.SaveTopic(r.Context(), id, in)
	if s.userError(r, err) {
		p := TopicFormPage{BasePage: s.base(r, "council.topics.edit"), ID: id, Input: in}
		if id == 0 {
			p.Title = "council.topics.new"
		}
		p.refuse(err, topicFields)
		s.render(w, r, http.StatusUnprocessableEntity, "council_topic_form", p)
		return nil
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/admin/council-topics", "council.topics.saved")
}
