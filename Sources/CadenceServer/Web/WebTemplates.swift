import Mustache

/// The web application's Mustache templates, compiled into the binary (no files to install,
/// no build step). `layout` is the frame every page extends (`{{<layout}}…{{/layout}}`);
/// `taskRow` and `errors` are partials. Every `{{value}}` is HTML-escaped.
enum WebTemplates {
    /// The compiled templates; a template that does not parse stops the server at start (and
    /// fails the tests), never a request.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in sources {
            do {
                try library.register(text, named: name)
            } catch {
                fatalError("web template \(name) does not parse: \(error)")
            }
        }
        return library
    }()

    static let sources: [String: String] = [
        "layout": layout, "taskRow": taskRow, "signin": signin, "error": error,
        "contacts": contacts, "contact": contact, "contactForm": contactForm, "tasks": tasks,
        "week": week, "taskForm": taskForm, "calendars": calendars, "devices": devices,
        "connectors": connectors, "admin": admin, "syncLog": syncLog,
    ]

    static let icons = #"""
        <svg class="sprite" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">
        <symbol id="i-call" viewBox="0 0 24 24"><path d="M6 3h3l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v3a3 3 0 0 1-3 3A16 16 0 0 1 3 6a3 3 0 0 1 3-3z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/></symbol>
        <symbol id="i-email" viewBox="0 0 24 24"><rect x="3" y="6" width="18" height="12" rx="2" fill="none" stroke="currentColor" stroke-width="2"/><path d="M3 7l9 6 9-6" fill="none" stroke="currentColor" stroke-width="2"/></symbol>
        <symbol id="i-meeting" viewBox="0 0 24 24"><circle cx="8" cy="8" r="3" fill="currentColor"/><circle cx="16" cy="8" r="3" fill="currentColor"/><path d="M2 20c0-3 3-5 6-5s6 2 6 5M10 20c0-3 3-5 6-5s6 2 6 5" fill="none" stroke="currentColor" stroke-width="2"/></symbol>
        <symbol id="i-to-do" viewBox="0 0 24 24"><rect x="4" y="4" width="16" height="16" rx="3" fill="none" stroke="currentColor" stroke-width="2"/><path d="M8 12l3 3 5-6" fill="none" stroke="currentColor" stroke-width="2"/></symbol>
        </svg>
        """#

    static let layout = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{pageTitle}} · Cadence</title>
        <link rel="stylesheet" href="/web/static/app.css">
        <script src="/web/static/app.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        """# + icons + #"""
            {{#user}}
            <header class="top">
            <nav aria-label="Main">
            <a class="brand" href="/web/tasks">Cadence</a>
            <ul>
            <li><a href="/web/tasks"{{#navTasks}} aria-current="page"{{/navTasks}}>Tasks</a></li>
            <li><a href="/web/week"{{#navWeek}} aria-current="page"{{/navWeek}}>Week</a></li>
            <li><a href="/web/contacts"{{#navContacts}} aria-current="page"{{/navContacts}}>Contacts</a></li>
            <li><a href="/web/calendars"{{#navCalendars}} aria-current="page"{{/navCalendars}}>Calendars</a></li>
            <li><a href="/web/devices"{{#navDevices}} aria-current="page"{{/navDevices}}>Devices</a></li>
            <li><a href="/web/connectors"{{#navConnectors}} aria-current="page"{{/navConnectors}}>Connectors</a></li>
            {{#isAdmin}}<li><a href="/web/admin"{{#navAdmin}} aria-current="page"{{/navAdmin}}>Admin</a></li>{{/isAdmin}}
            </ul>
            </nav>
            <div class="account">
            <span>{{displayName}}</span>
            <form method="post" action="/web/signout"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="link">Sign out</button></form>
            </div>
            </header>
            {{/user}}
            <main id="main" tabindex="-1">
            {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
            {{#error}}<div class="error" role="alert"><p>{{error}}</p></div>{{/error}}
            {{$main}}{{/main}}
            </main>
            </body>
            </html>
            """#

    static let error = #"""
        {{<layout}}{{$main}}
        <h1>{{pageTitle}}</h1>
        <p>{{message}}</p>
        <p><a href="/web/tasks">Back to the tasks</a></p>
        {{/main}}{{/layout}}
        """#

    static let signin = #"""
        {{<layout}}{{$main}}
        <div class="signin">
        <h1>Sign in to Cadence</h1>
        <form method="post" action="/web/signin" class="stack">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <input type="hidden" name="next" value="{{next}}">
        <label for="name">User name</label>
        <input id="name" name="name" value="{{name}}" autocomplete="username" autocapitalize="none" required autofocus>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
        </form>
        <p class="hint">The same user name and password as your calendar apps.</p>
        </div>
        {{/main}}{{/layout}}
        """#

    static let taskRow = #"""
        <li class="task status-{{status}}">
        <svg class="icon type-{{type}}" aria-hidden="true" focusable="false"><use href="#i-{{type}}"></use></svg>
        <div class="what">
        <a href="/web/tasks/{{encodedID}}"><span class="visually-hidden">{{typeLabel}}: </span>{{title}}</a>
        <span class="meta">{{typeLabel}}{{#when}} · {{when}}{{/when}}{{#contactName}} · <a href="/web/contacts/{{encodedContact}}">{{contactName}}</a>{{/contactName}} · <span class="badge">{{statusLabel}}</span></span>
        </div>
        <form method="post" action="/web/tasks/{{encodedID}}/{{#isDone}}reopen{{/isDone}}{{^isDone}}complete{{/isDone}}">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <input type="hidden" name="back" value="{{back}}">
        <button type="submit" class="small">{{#isDone}}Reopen{{/isDone}}{{^isDone}}Complete{{/isDone}}<span class="visually-hidden"> {{title}}</span></button>
        </form>
        </li>
        """#

    static let tasks = #"""
        {{<layout}}{{$main}}
        <div class="heading">
        <h1>Tasks</h1>
        <a class="button" href="/web/tasks/new">New task</a>
        </div>
        <form method="get" action="/web/tasks" class="filters" role="search" aria-label="Filter tasks">
        <div><label for="f-type">Type</label>
        <select id="f-type" name="type" data-autosubmit><option value="">Any type</option>{{#types}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/types}}</select></div>
        <div><label for="f-status">Status</label>
        <select id="f-status" name="status" data-autosubmit><option value="">Any status</option>{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
        <div><label for="f-contact">Contact</label>
        <select id="f-contact" name="contact" data-autosubmit><option value="">Any contact</option>{{#contacts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/contacts}}</select></div>
        <div><label for="f-q">Search</label>
        <input id="f-q" type="search" name="q" value="{{filterQ}}"></div>
        <button type="submit">Filter</button>
        </form>
        {{#days}}
        <section class="day" aria-labelledby="day-{{key}}">
        <h2 id="day-{{key}}">{{label}}</h2>
        <ul class="tasks">
        {{#tasks}}{{>taskRow}}{{/tasks}}
        </ul>
        </section>
        {{/days}}
        {{^days}}<p class="empty">No tasks match.</p>{{/days}}
        {{/main}}{{/layout}}
        """#

    static let week = #"""
        {{<layout}}{{$main}}
        <div class="heading">
        <h1>{{pageTitle}}</h1>
        <p class="pager"><a href="/web/week?week={{previous}}">Previous week</a> <a href="/web/week">This week</a> <a href="/web/week?week={{next}}">Next week</a></p>
        </div>
        <p class="hint">Scheduled calls and meetings.</p>
        <ol class="week">
        {{#days}}
        <li class="weekday" aria-labelledby="wd-{{key}}">
        <h2 id="wd-{{key}}">{{label}}</h2>
        <ul class="tasks">
        {{#tasks}}{{>taskRow}}{{/tasks}}
        {{^tasks}}<li class="empty">Nothing scheduled.</li>{{/tasks}}
        </ul>
        </li>
        {{/days}}
        </ol>
        {{/main}}{{/layout}}
        """#

    static let taskForm = #"""
        {{<layout}}{{$main}}
        <h1>{{pageTitle}}</h1>
        <form method="post" action="{{action}}" class="stack wide" novalidate>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <input type="hidden" name="back" value="{{back}}">
        {{#task}}
        <fieldset class="types">
        <legend>Type</legend>
        {{#types}}<label class="choice"><input type="radio" name="type" value="{{value}}"{{#selected}} checked{{/selected}}><svg class="icon" aria-hidden="true" focusable="false"><use href="#i-{{value}}"></use></svg> {{label}}</label>{{/types}}
        </fieldset>
        <label for="t-title">Title</label>
        <input id="t-title" name="title" value="{{title}}" required{{#error_title}} aria-invalid="true" aria-describedby="e-title"{{/error_title}}>
        {{#error_title}}<p id="e-title" class="field-error">{{error_title}}</p>{{/error_title}}
        <div class="row">
        <div><label for="t-status">Status</label>
        <select id="t-status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
        <div><label for="t-priority">Priority</label>
        <select id="t-priority" name="priority">{{#priorities}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/priorities}}</select></div>
        </div>
        <div class="row">
        <div><label for="t-start">Start</label><input id="t-start" name="start" type="datetime-local" value="{{start}}"></div>
        <div><label for="t-end">End</label><input id="t-end" name="end" type="datetime-local" value="{{end}}"></div>
        <div><label for="t-due">Due</label><input id="t-due" name="due" type="datetime-local" value="{{due}}"></div>
        </div>
        {{#error_start}}<p class="field-error">Start: {{error_start}}</p>{{/error_start}}
        {{#error_end}}<p class="field-error">End: {{error_end}}</p>{{/error_end}}
        {{#error_due}}<p class="field-error">Due: {{error_due}}</p>{{/error_due}}
        <div class="row">
        <div><label class="choice"><input type="checkbox" name="allDay" value="1"{{#allDay}} checked{{/allDay}}> All day</label></div>
        <div><label for="t-zone">Time zone</label><input id="t-zone" name="timeZone" value="{{timeZone}}" data-autozone autocomplete="off" aria-describedby="h-zone"><span id="h-zone" class="hint">An IANA name such as Europe/Paris.</span></div>
        </div>
        {{#error_timeZone}}<p class="field-error">Time zone: {{error_timeZone}}</p>{{/error_timeZone}}
        <label for="t-location">Location</label>
        <input id="t-location" name="location" value="{{location}}">
        <div class="row">
        <div><label for="t-contact">Contact</label>
        <select id="t-contact" name="contactId"><option value="">None</option>{{#contacts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/contacts}}</select></div>
        <div><label for="t-calendar">Calendar</label>
        <select id="t-calendar" name="calendar"><option value="">By routing rule</option>{{#calendars}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/calendars}}</select></div>
        <div><label for="t-reminder">Reminder (minutes before)</label><input id="t-reminder" name="reminderMinutes" inputmode="numeric" value="{{reminderMinutes}}"></div>
        </div>
        {{#error_reminderMinutes}}<p class="field-error">Reminder: {{error_reminderMinutes}}</p>{{/error_reminderMinutes}}
        <label for="t-notes">Notes</label>
        <textarea id="t-notes" name="notes" rows="4">{{notes}}</textarea>
        {{/task}}
        <div class="actions"><button type="submit">{{#isNew}}Create task{{/isNew}}{{^isNew}}Save task{{/isNew}}</button> <a href="{{back}}">Cancel</a></div>
        </form>
        {{^isNew}}
        <div class="actions separate">
        {{#task}}
        <form method="post" action="/web/tasks/{{encodedID}}/{{#isDone}}reopen{{/isDone}}{{^isDone}}complete{{/isDone}}"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="back" value="{{back}}"><button type="submit" class="secondary">{{#isDone}}Reopen{{/isDone}}{{^isDone}}Mark complete{{/isDone}}</button></form>
        {{#caldavHref}}<p class="hint">In CalDAV: <code>{{caldavHref}}</code></p>{{/caldavHref}}
        {{/task}}
        <form method="post" action="/web/tasks/{{encodedID}}/delete" data-confirm="Delete this task?"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="danger">Delete task</button></form>
        </div>
        {{/isNew}}
        {{/main}}{{/layout}}
        """#

    static let contacts = #"""
        {{<layout}}{{$main}}
        <div class="heading">
        <h1>Contacts</h1>
        <a class="button" href="/web/contacts/new">New contact</a>
        </div>
        <form method="get" action="/web/contacts" class="filters" role="search" aria-label="Search contacts">
        <div><label for="c-q">Search</label><input id="c-q" type="search" name="q" value="{{q}}"></div>
        <button type="submit">Search</button>
        {{#filtered}}<a href="/web/contacts">Show all</a>{{/filtered}}
        </form>
        {{#hasTags}}<nav aria-label="Tags" class="tags"><span>Tags:</span> {{#tags}}<a href="/web/contacts?tag={{encoded}}"{{#active}} aria-current="true"{{/active}} class="tag">{{name}}</a> {{/tags}}</nav>{{/hasTags}}
        <ul class="cards">
        {{#contacts}}
        <li><a href="/web/contacts/{{encodedID}}" class="name">{{name}}</a>
        <span class="meta">{{#company}}{{company}}{{/company}}{{#title}} · {{title}}{{/title}}</span>
        <span class="meta">{{#email}}{{email}}{{/email}}{{#phone}} · {{phone}}{{/phone}}</span>
        {{#tags}}<span class="tag">{{.}}</span> {{/tags}}
        </li>
        {{/contacts}}
        </ul>
        {{^contacts}}<p class="empty">No contacts{{#filtered}} match{{/filtered}}.</p>{{/contacts}}
        {{/main}}{{/layout}}
        """#

    static let contact = #"""
        {{<layout}}{{$main}}
        {{#contact}}
        <div class="heading">
        <h1>{{name}}</h1>
        <a class="button" href="/web/contacts/{{encodedID}}/edit">Edit</a>
        </div>
        <dl class="facts">
        {{#company}}<dt>Company</dt><dd>{{company}}</dd>{{/company}}
        {{#title}}<dt>Title</dt><dd>{{title}}</dd>{{/title}}
        {{#emails}}<dt>E-mail{{#label}} ({{label}}){{/label}}</dt><dd><a href="mailto:{{value}}">{{value}}</a></dd>{{/emails}}
        {{#phones}}<dt>Phone{{#label}} ({{label}}){{/label}}</dt><dd><a href="tel:{{value}}">{{value}}</a></dd>{{/phones}}
        {{#address}}<dt>Address</dt><dd>{{street}} {{postalCode}} {{locality}} {{region}} {{country}}</dd>{{/address}}
        {{#hasTags}}<dt>Tags</dt><dd>{{#tagLinks}}<a class="tag" href="/web/contacts?tag={{encoded}}">{{name}}</a> {{/tagLinks}}</dd>{{/hasTags}}
        {{#notes}}<dt>Notes</dt><dd class="notes">{{notes}}</dd>{{/notes}}
        </dl>
        <div class="heading">
        <h2>Tasks</h2>
        <a class="button secondary" href="/web/tasks/new?contact={{encodedID}}">New task for {{name}}</a>
        </div>
        {{/contact}}
        <ul class="tasks">
        {{#tasks}}{{>taskRow}}{{/tasks}}
        </ul>
        {{^tasks}}<p class="empty">No tasks yet.</p>{{/tasks}}
        {{#contact}}
        <form method="post" action="/web/contacts/{{encodedID}}/delete" class="separate" data-confirm="Delete this contact?"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="danger">Delete contact</button></form>
        {{/contact}}
        {{/main}}{{/layout}}
        """#

    static let contactForm = #"""
        {{<layout}}{{$main}}
        <h1>{{pageTitle}}</h1>
        <form method="post" action="{{action}}" class="stack wide" novalidate>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        {{#contact}}
        <label for="c-name">Name</label>
        <input id="c-name" name="name" value="{{name}}" required autocomplete="off"{{#error_name}} aria-invalid="true" aria-describedby="e-name"{{/error_name}}>
        {{#error_name}}<p id="e-name" class="field-error">{{error_name}}</p>{{/error_name}}
        <div class="row">
        <div><label for="c-company">Company</label><input id="c-company" name="company" value="{{company}}"></div>
        <div><label for="c-title">Job title</label><input id="c-title" name="jobTitle" value="{{jobTitle}}"></div>
        </div>
        <div class="row">
        <div><label for="c-emails">E-mail addresses</label><textarea id="c-emails" name="emails" rows="2" aria-describedby="h-lines">{{emails}}</textarea></div>
        <div><label for="c-phones">Phone numbers</label><textarea id="c-phones" name="phones" rows="2" aria-describedby="h-lines">{{phones}}</textarea></div>
        </div>
        <p id="h-lines" class="hint">One per line, optionally with a label: <code>work: ada@example.com</code></p>
        {{#error_emails}}<p class="field-error">E-mail: {{error_emails}}</p>{{/error_emails}}
        <fieldset>
        <legend>Address</legend>
        <label for="c-street">Street</label><input id="c-street" name="street" value="{{street}}" autocomplete="off">
        <div class="row">
        <div><label for="c-postal">Postal code</label><input id="c-postal" name="postalCode" value="{{postalCode}}"></div>
        <div><label for="c-locality">City</label><input id="c-locality" name="locality" value="{{locality}}"></div>
        <div><label for="c-region">Region</label><input id="c-region" name="region" value="{{region}}"></div>
        <div><label for="c-country">Country</label><input id="c-country" name="country" value="{{country}}"></div>
        </div>
        </fieldset>
        <label for="c-tags">Tags</label>
        <input id="c-tags" name="tags" value="{{tags}}" aria-describedby="h-tags"><span id="h-tags" class="hint">Separated by commas.</span>
        <label for="c-notes">Notes</label>
        <textarea id="c-notes" name="notes" rows="4">{{notes}}</textarea>
        {{/contact}}
        <div class="actions"><button type="submit">{{#isNew}}Create contact{{/isNew}}{{^isNew}}Save contact{{/isNew}}</button> <a href="/web/contacts">Cancel</a></div>
        </form>
        {{/main}}{{/layout}}
        """#

    static let calendars = #"""
        {{<layout}}{{$main}}
        <h1>Calendars</h1>
        {{#newLink}}<div class="secret" role="status"><p>The new subscription link (shown only now):</p><p><code class="copy">{{newLink}}</code></p></div>{{/newLink}}
        {{#calendars}}
        <section class="calendar" aria-labelledby="cal-{{path}}">
        <h2 id="cal-{{path}}"><svg class="swatch" aria-hidden="true" focusable="false" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="{{swatch}}"></circle></svg> {{name}}</h2>
        <p class="meta">Colour {{#color}}<code>{{color}}</code>{{/color}}{{^color}}not set{{/color}}{{#defaultType}} · new tasks here are {{defaultType}}s{{/defaultType}}</p>
        <p>CalDAV URL: <code class="copy">{{url}}</code></p>
        <h3>Subscription links</h3>
        <ul class="plain">
        {{#links}}<li>{{#label}}{{label}}{{/label}}{{^label}}Unnamed link{{/label}} · {{mode}} · created {{createdAt}}{{#lastFetchedAt}} · last fetched {{lastFetchedAt}}{{/lastFetchedAt}}
        <form method="post" action="/web/links/{{id}}/revoke" class="inline" data-confirm="Revoke this link?"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small danger">Revoke<span class="visually-hidden"> link {{label}}</span></button></form></li>{{/links}}
        {{^links}}<li>No subscription links.</li>{{/links}}
        </ul>
        <form method="post" action="/web/calendars/{{encodedPath}}/links" class="filters">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div><label for="l-label-{{path}}">Link name</label><input id="l-label-{{path}}" name="label"></div>
        <div><label for="l-mode-{{path}}">Shows</label><select id="l-mode-{{path}}" name="mode"><option value="events">Events and tasks as events</option><option value="full">Everything as stored</option><option value="busy">Busy times only</option></select></div>
        <button type="submit">Create subscription link</button>
        </form>
        </section>
        {{/calendars}}
        <section aria-labelledby="routing">
        <h2 id="routing">Routing rules</h2>
        <p class="hint">Which calendar a new task of each type goes to.</p>
        {{#routing}}
        <form method="post" action="/web/routing" class="filters">
        <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="type" value="{{type}}">
        <div><label for="r-{{type}}"><svg class="icon" aria-hidden="true" focusable="false"><use href="#i-{{type}}"></use></svg> {{label}}</label>
        <select id="r-{{type}}" name="calendar"><option value="">Default calendar</option>{{#calendars}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/calendars}}</select></div>
        <button type="submit" class="small">Save<span class="visually-hidden"> rule for {{label}}</span></button>
        </form>
        {{/routing}}
        </section>
        <section aria-labelledby="new-calendar">
        <h2 id="new-calendar">New calendar</h2>
        <form method="post" action="/web/calendars" class="filters">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div><label for="n-path">Short name</label><input id="n-path" name="path" required pattern="[a-z0-9._-]+" aria-describedby="h-path"></div>
        <div><label for="n-name">Display name</label><input id="n-name" name="displayName"></div>
        <div><label for="n-color">Colour</label><input id="n-color" name="color" type="color" value="#1f6feb"></div>
        <button type="submit">Create calendar</button>
        </form>
        <p id="h-path" class="hint">Lowercase letters, digits, '-', '_' and '.'.</p>
        </section>
        {{/main}}{{/layout}}
        """#

    static let devices = #"""
        {{<layout}}{{$main}}
        <h1>Devices</h1>
        <p>CalDAV URL: <code class="copy">{{caldavURL}}</code> · user name <code>{{userName}}</code></p>
        <section aria-labelledby="app-passwords">
        <h2 id="app-passwords">App passwords</h2>
        <p class="hint">Give each phone or program its own password, so you can revoke it alone.</p>
        {{#newPassword}}<div class="secret" role="status"><p>The app password for “{{newLabel}}” (shown only now):</p><p><code class="copy">{{newPassword}}</code></p></div>{{/newPassword}}
        <table>
        <caption class="visually-hidden">Your app passwords</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
        {{#passwords}}<tr><td>{{label}}</td><td>{{createdAt}}</td><td>{{#lastUsedAt}}{{lastUsedAt}}{{/lastUsedAt}}{{^lastUsedAt}}never{{/lastUsedAt}}</td>
        <td><form method="post" action="/web/app-passwords/{{id}}/revoke" data-confirm="Revoke this app password?"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small danger">Revoke<span class="visually-hidden"> {{label}}</span></button></form></td></tr>{{/passwords}}
        {{^passwords}}<tr><td colspan="4">No app passwords yet.</td></tr>{{/passwords}}
        </tbody>
        </table>
        <form method="post" action="/web/app-passwords" class="filters">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div><label for="a-label">Device name</label><input id="a-label" name="label" required maxlength="100" placeholder="Ada's iPhone"></div>
        <button type="submit">Create app password</button>
        </form>
        </section>
        <section aria-labelledby="setup">
        <h2 id="setup">Set up a device</h2>
        <details open><summary>iPhone and iPad (iOS)</summary>
        <ol><li>Open Settings → Calendar → Accounts → Add Account → Other.</li>
        <li>Choose “Add CalDAV Account”.</li>
        <li>Server: <code>{{host}}</code>; user name: <code>{{userName}}</code>; password: an app password from above.</li>
        <li>Tap Next. If iOS cannot find the account, open Advanced Settings and enter the server URL <code>{{caldavURL}}</code>.</li>
        <li>Turn on Calendars and Reminders: calls and meetings appear in Calendar, e-mails and to-dos in Reminders.</li></ol></details>
        <details><summary>Android (DAVx⁵)</summary>
        <ol><li>Install DAVx⁵ and tap + to add an account.</li>
        <li>Choose “Login with URL and user name”.</li>
        <li>Base URL: <code>{{caldavURL}}</code>; user name: <code>{{userName}}</code>; password: an app password.</li>
        <li>Tap Login, then tick the calendars to synchronize. For tasks, install jtx Board or Tasks.org and allow DAVx⁵ to use it.</li></ol></details>
        <details><summary>Thunderbird</summary>
        <ol><li>Open the Calendar, then New Calendar → On the Network.</li>
        <li>User name: <code>{{userName}}</code>; location: <code>{{caldavURL}}</code>.</li>
        <li>Click Find Calendars, enter an app password, choose the calendars and click Subscribe.</li></ol></details>
        <details><summary>Nextcloud</summary>
        <ol><li>To show Cadence in Nextcloud Calendar, create a subscription link on the <a href="/web/calendars">Calendars</a> page.</li>
        <li>In Nextcloud Calendar, choose “+ New subscription from link (read-only)” and paste the link.</li>
        <li>To keep a Nextcloud calendar and a Cadence calendar in step both ways, add a connector (<a href="/web/connectors">Connectors</a>) with the Nextcloud calendar's CalDAV URL (shown in Nextcloud under the calendar's “Copy private link”) and a Nextcloud app password.</li></ol></details>
        <p class="hint">Principal URL for clients that ask: <code>{{principalURL}}</code></p>
        </section>
        <section aria-labelledby="sessions">
        <h2 id="sessions">Browser sessions</h2>
        <form method="post" action="/web/signout-everywhere"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="secondary">Sign out of every browser</button></form>
        </section>
        {{/main}}{{/layout}}
        """#

    static let connectors = #"""
        {{<layout}}{{$main}}
        <h1>Connectors</h1>
        <p class="hint">Connectors keep a Cadence calendar in step with a calendar on another CalDAV server. Add them with <code>cadence connector add</code> or the JSON API.</p>
        {{#unavailable}}<p>This server has no sync connectors.</p>{{/unavailable}}
        {{^unavailable}}
        <table>
        <caption class="visually-hidden">Your connectors</caption>
        <thead><tr><th scope="col">Calendar</th><th scope="col">Remote</th><th scope="col">Status</th><th scope="col">Last sync</th><th scope="col">Counts</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
        {{#connectors}}<tr>
        <td>{{calendar}}</td><td><code>{{url}}</code><br><span class="meta">{{user}} · {{direction}}{{^enabled}} · disabled{{/enabled}}</span></td>
        <td>{{#healthy}}<span class="badge ok">OK</span>{{/healthy}}{{^healthy}}<span class="badge bad">Error</span> {{lastError}}{{#failures}} ({{failures}} failures){{/failures}}{{/healthy}}</td>
        <td>{{#lastSyncAt}}{{lastSyncAt}}{{/lastSyncAt}}{{^lastSyncAt}}never{{/lastSyncAt}}{{#lastSuccessAt}}<br><span class="meta">last success {{lastSuccessAt}}</span>{{/lastSuccessAt}}</td>
        <td>{{pushed}} sent · {{pulled}} received · {{conflicts}} conflicts</td>
        <td><form method="post" action="/web/connectors/{{id}}/run"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit" class="small">Sync now<span class="visually-hidden"> {{calendar}}</span></button></form></td>
        </tr>{{/connectors}}
        {{^connectors}}<tr><td colspan="6">No connectors.</td></tr>{{/connectors}}
        </tbody>
        </table>
        {{/unavailable}}
        {{/main}}{{/layout}}
        """#

    static let admin = #"""
        {{<layout}}{{$main}}
        <h1>Administration</h1>
        <section aria-labelledby="health">
        <h2 id="health">Health</h2>
        <ul class="tiles">
        <li><span class="label">Store</span> <strong>{{#storeReady}}ready{{/storeReady}}{{^storeReady}}unreachable{{/storeReady}}</strong></li>
        <li><span class="label">Up for</span> <strong>{{uptime}}</strong></li>
        <li><span class="label">Requests</span> <strong>{{requests}}</strong></li>
        <li><span class="label">Client errors (4xx)</span> <strong>{{clientErrors}}</strong></li>
        <li><span class="label">Server errors (5xx)</span> <strong>{{serverErrors}}</strong></li>
        <li><span class="label">Sync writes, 24 h</span> <strong>{{syncTotal}}</strong></li>
        <li><span class="label">Failed writes, 24 h</span> <strong>{{syncFailed}}</strong></li>
        </ul>
        <p class="meta">By action: {{#byAction}}{{name}} {{count}}; {{/byAction}}{{^byAction}}none{{/byAction}} · by client: {{#byClient}}{{name}} {{count}}; {{/byClient}}{{^byClient}}none{{/byClient}} · <a href="/web/admin/log">Sync log</a></p>
        </section>
        <section aria-labelledby="users">
        <h2 id="users">Users</h2>
        <table>
        <caption class="visually-hidden">Users</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Display name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Created</th></tr></thead>
        <tbody>
        {{#users}}<tr><td><a href="/web/admin/log?user={{name}}">{{name}}</a></td><td>{{displayName}}</td><td>{{email}}</td><td>{{#isAdmin}}administrator{{/isAdmin}}{{^isAdmin}}user{{/isAdmin}}</td><td>{{createdAt}}</td></tr>{{/users}}
        </tbody>
        </table>
        <h3>New user</h3>
        <form method="post" action="/web/admin/users" class="filters">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <div><label for="u-name">User name</label><input id="u-name" name="name" required autocomplete="off"></div>
        <div><label for="u-display">Display name</label><input id="u-display" name="displayName"></div>
        <div><label for="u-email">E-mail</label><input id="u-email" name="email" type="email"></div>
        <div><label for="u-password">Password</label><input id="u-password" name="password" type="password" required minlength="8" autocomplete="new-password"></div>
        <div><label class="choice"><input type="checkbox" name="isAdmin" value="1"> Administrator</label></div>
        <button type="submit">Create user</button>
        </form>
        </section>
        {{/main}}{{/layout}}
        """#

    static let syncLog = #"""
        {{<layout}}{{$main}}
        <h1>Sync log</h1>
        <form method="get" action="/web/admin/log" class="filters" role="search" aria-label="Filter the sync log">
        <div><label for="s-user">User</label><select id="s-user" name="user" data-autosubmit>{{#users}}<option value="{{name}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/users}}</select></div>
        <div><label for="s-action">Action</label><select id="s-action" name="action" data-autosubmit><option value="">Any action</option>{{#actions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/actions}}</select></div>
        <div><label for="s-client">Client contains</label><input id="s-client" name="client" value="{{filterClient}}"></div>
        <div><label for="s-since">Since</label><input id="s-since" name="since" value="{{filterSince}}" placeholder="2h or 2026-12-01" aria-describedby="h-since"></div>
        <div><label class="choice"><input type="checkbox" name="failed" value="1"{{#onlyFailures}} checked{{/onlyFailures}}> Failures only</label></div>
        <button type="submit">Filter</button>
        </form>
        <p id="h-since" class="hint">Since: an age such as <code>2h</code> or <code>3d</code>, or an ISO 8601 date.</p>
        <table>
        <caption class="visually-hidden">Sync log entries, newest first</caption>
        <thead><tr><th scope="col">Time</th><th scope="col">Client</th><th scope="col">Action</th><th scope="col">Collection</th><th scope="col">Object</th><th scope="col">Status</th></tr></thead>
        <tbody>
        {{#entries}}<tr{{#failed}} class="failed"{{/failed}}><td>{{time}}</td><td>{{client}}</td><td>{{action}}</td><td><code>{{collection}}</code></td><td><code>{{object}}</code></td><td>{{status}}</td></tr>{{/entries}}
        {{^entries}}<tr><td colspan="6">No entries.</td></tr>{{/entries}}
        </tbody>
        </table>
        {{/main}}{{/layout}}
        """#
}
