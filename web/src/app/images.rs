//! Whole images: open a layout folder (a folder input or a dropped folder) or an archive
//! (`.tar`, `.tar.gz`, `.tar.zst`), verified by the verify workers (`static/images.js`, loaded
//! only now, with its workers and their wasm). The progress bar with its cancel button and the
//! result (a tree from `index.json` or `manifest.json` down, each blob with core's status and
//! the diagnostics at its descriptor) are drawn by that wasm (`crate::image_view`), so the page
//! carries only this bar; the chain's documents come back here to open as a bundle of tabs.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::state::Action;

/// A folder or archive dropped on the page, for the image view (`serial` tells drops apart).
#[derive(Clone, Debug)]
pub(crate) struct Dropped {
    pub(crate) serial: u32,
    /// `{entries: [FileSystemEntry]}` or `{archive: File}`, as `images.js` takes it.
    pub(crate) input: JsValue,
    pub(crate) name: String,
}

impl PartialEq for Dropped {
    fn eq(&self, other: &Self) -> bool {
        self.serial == other.serial
    }
}

/// Whether a file's name says it is an image archive rather than a document.
pub(crate) fn is_archive(name: &str) -> bool {
    [".tar", ".tar.gz", ".tgz", ".tar.zst", ".tzst"]
        .iter()
        .any(|end| name.to_ascii_lowercase().ends_with(end))
}

/// What a drop holds for the image view: a folder (through `webkitGetAsEntry`, read while the
/// drop event lasts) or an archive. `None`: documents, for the editor.
pub(crate) fn dropped_image(transfer: &web_sys::DataTransfer, serial: u32) -> Option<Dropped> {
    let items = js_sys::Reflect::get(transfer, &"items".into()).ok()?;
    let length = js_sys::Reflect::get(&items, &"length".into())
        .ok()?
        .as_f64()? as u32;
    let entries = js_sys::Array::new();
    let mut name = String::new();
    for i in 0..length {
        let item = js_sys::Reflect::get(&items, &i.into()).ok()?;
        let get_entry = js_sys::Reflect::get(&item, &"webkitGetAsEntry".into()).ok()?;
        let entry = get_entry.dyn_ref::<js_sys::Function>()?.call0(&item).ok()?;
        if js_sys::Reflect::get(&entry, &"isDirectory".into())
            .ok()?
            .is_truthy()
        {
            name = js_sys::Reflect::get(&entry, &"name".into())
                .ok()?
                .as_string()
                .unwrap_or_default();
            entries.push(&entry);
        }
    }
    if entries.length() > 0 {
        let input = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&input, &"entries".into(), &entries);
        return Some(Dropped {
            serial,
            input: input.into(),
            name,
        });
    }
    let files = transfer.files()?;
    let file = files
        .get(0)
        .filter(|f| files.length() == 1 && is_archive(&f.name()))?;
    let input = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&input, &"archive".into(), &file);
    Some(Dropped {
        serial,
        input: input.into(),
        name: file.name(),
    })
}

/// `images.js`'s handle of the running verification (its `cancel`), and the callback that
/// opens documents, kept alive while the view may call it.
type Running = Rc<RefCell<Option<(JsValue, Closure<dyn Fn(JsValue, i32)>)>>>;

#[derive(Properties, PartialEq)]
pub(crate) struct ImagesProps {
    pub(crate) dispatch: Callback<Action>,
    pub(crate) dropped: Option<Dropped>,
}

/// The image bar (open a folder or an archive) and the element the image view is drawn in,
/// by `images.js` and the verify wasm, loaded only then: none of the view is in the first load.
#[function_component(Images)]
pub(crate) fn images(props: &ImagesProps) -> Html {
    let view = use_node_ref();
    let running: Running = use_mut_ref(|| None);
    let begin = {
        let (view, running, dispatch) = (view.clone(), running.clone(), props.dispatch.clone());
        Callback::from(move |(input, name): (JsValue, String)| {
            if let Some(container) = view.cast::<web_sys::Element>() {
                start(input, name, container, running.clone(), dispatch.clone());
            }
        })
    };
    {
        let begin = begin.clone();
        use_effect_with(props.dropped.clone(), move |dropped| {
            if let Some(dropped) = dropped {
                begin.emit((dropped.input.clone(), dropped.name.clone()));
            }
        });
    }
    let on_folder = {
        let begin = begin.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(list) = input.files().filter(|l| l.length() > 0) {
                let name = list
                    .get(0)
                    .and_then(|f| js_sys::Reflect::get(&f, &"webkitRelativePath".into()).ok())
                    .and_then(|p| p.as_string())
                    .and_then(|p| p.split('/').next().map(str::to_owned))
                    .unwrap_or_default();
                // Copied out of the input, which is then emptied: the same folder opened
                // again is a change, and the next choice replaces this one.
                let object = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&object, &"files".into(), &js_sys::Array::from(&list));
                begin.emit((object.into(), name));
            }
            input.set_value("");
        })
    };
    let on_archive = {
        let begin = begin.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|l| l.get(0)) {
                let object = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&object, &"archive".into(), &file);
                begin.emit((object.into(), file.name()));
            }
            input.set_value("");
        })
    };
    html! {
        <section class="images" aria-label="Whole image">
            <div class="images-bar">
                <span class="images-title">{"Whole image:"}</span>
                <label class="file-button secondary">
                    {"Open layout folder…"}
                    <input type="file" id="open-image-folder" webkitdirectory=true multiple=true onchange={on_folder} />
                </label>
                <label class="file-button secondary">
                    {"Open image archive…"}
                    <input type="file" id="open-image-archive" accept=".tar,.tgz,.gz,.zst,.tzst" onchange={on_archive} />
                </label>
                <span class="images-hint">{"an OCI layout, an oci-archive or a docker save tar (.tar, .tar.gz, .tar.zst); every blob is verified in this tab"}</span>
            </div>
            // Drawn into by the verify wasm; Yew leaves what is inside alone.
            <div class="image-view" ref={view}></div>
        </section>
    }
}

fn call(object: &JsValue, method: &str, args: &js_sys::Array) -> Result<JsValue, String> {
    let function = js_sys::Reflect::get(object, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| format!("no {method}"))?;
    function.apply(object, args).map_err(|e| format!("{e:?}"))
}

/// Loads `images.js` once, then starts it on `input`, drawing into `container`.
fn start(
    input: JsValue,
    name: String,
    container: web_sys::Element,
    running: Running,
    dispatch: Callback<Action>,
) {
    if let Some((handle, _)) = running.borrow_mut().take() {
        let _ = call(&handle, "cancel", &js_sys::Array::new());
    }
    container.set_text_content(Some(&format!("Loading the verifier for {name}…")));
    yew::platform::spawn_local(async move {
        let api = match load_script().await {
            Ok(api) => api,
            Err(message) => {
                container.set_text_content(Some(&message));
                return;
            }
        };
        let on_open = Closure::<dyn Fn(JsValue, i32)>::new(move |files: JsValue, tab: i32| {
            let files: Vec<(String, Vec<u8>)> = js_sys::Array::from(&files)
                .iter()
                .map(|pair| {
                    let pair = js_sys::Array::from(&pair);
                    (
                        pair.get(0).as_string().unwrap_or_default(),
                        js_sys::Uint8Array::new(&pair.get(1)).to_vec(),
                    )
                })
                .collect();
            dispatch.emit(Action::Open(files));
            if let Ok(tab) = usize::try_from(tab) {
                dispatch.emit(Action::Show(tab));
            }
        });
        let args = js_sys::Array::of4(
            &input,
            &JsValue::from_str(&name),
            &container,
            on_open.as_ref(),
        );
        match call(&api, "start", &args) {
            Ok(handle) => *running.borrow_mut() = Some((handle, on_open)),
            Err(message) => container.set_text_content(Some(&message)),
        }
    });
}

/// `window.ocilintImages`, after adding `images.js` to the page the first time.
async fn load_script() -> Result<JsValue, String> {
    let window = web_sys::window().ok_or("no window")?;
    let api = js_sys::Reflect::get(&window, &"ocilintImages".into()).unwrap_or(JsValue::UNDEFINED);
    if !api.is_undefined() {
        return Ok(api);
    }
    let document = window.document().ok_or("no document")?;
    let script: web_sys::HtmlScriptElement = document
        .create_element("script")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    script.set_src("images.js");
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        script.set_onload(Some(&resolve));
        script.set_onerror(Some(&reject));
    });
    document
        .head()
        .ok_or("no head")?
        .append_child(&script)
        .map_err(|e| format!("{e:?}"))?;
    JsFuture::from(loaded)
        .await
        .map_err(|_| "images.js could not be loaded".to_owned())?;
    Ok(js_sys::Reflect::get(&window, &"ocilintImages".into()).unwrap_or(JsValue::UNDEFINED))
}
