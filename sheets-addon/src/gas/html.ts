// The add-on's small HTML pages (settings dialog, conflicts sidebar, help). They load their data through
// google.script.run, so nothing is templated on the server and every text is inserted with textContent.

const STYLE = `<style>
body{font-family:"Microsoft YaHei","PingFang SC",Arial,sans-serif;font-size:13px;color:#202124;margin:12px}
h3{font-size:14px;margin:14px 0 6px}
input[type=text],select{width:100%;box-sizing:border-box;padding:6px;margin:4px 0}
button{margin:6px 6px 0 0;padding:6px 12px;cursor:pointer}
button.primary{background:#1a73e8;color:#fff;border:0;border-radius:4px}
.hint{color:#5f6368;font-size:12px}
.error{color:#c5221f;white-space:pre-wrap}
.ok{color:#188038}
.card{border:1px solid #dadce0;border-radius:6px;padding:8px;margin:8px 0}
table{border-collapse:collapse;width:100%;font-size:12px}
td,th{border:1px solid #e0e0e0;padding:3px;vertical-align:top;text-align:left}
th{background:#f1f3f4}
td.mine{background:#fff8e1}td.theirs{background:#e8f0fe}
</style>`;

const page = (body: string, script: string) =>
  `<!DOCTYPE html><html><head><base target="_top"><meta charset="utf-8">${STYLE}</head><body>${body}<script>${script}</script></body></html>`;

export const SETTINGS_HTML = page(
  `<h3>台账接口地址</h3>
<input type="text" id="url" placeholder="https://…（向管理员索取）">
<div class="hint" id="source"></div>
<div id="subBox" style="display:none"><h3>拉取哪个街道</h3><select id="sub"></select>
<div class="hint">您的账号没有绑定街道（区治水办、监管部门），请选择本表格对应的街道。</div></div>
<button class="primary" id="save">保存并检查</button><button onclick="google.script.host.close()">关闭</button>
<h3>台账系统认为您是</h3><div id="me" class="hint">正在查询…</div>`,
  `var $=function(id){return document.getElementById(id)};
function render(info){
  $('url').value=info.apiUrl||'';
  $('source').textContent=info.source==='document'?'（本表格单独设置的地址）':info.source==='script'?'（管理员设置的默认地址）':'尚未设置';
  var me=$('me');me.className='';
  if(info.error){me.className='error';me.textContent=info.error;}
  else if(info.me){var m=info.me;me.className='ok';
    me.textContent=(m.name?m.name+'，':'')+m.email+'，'+m.roleLabel+(m.subdistrictName?'（'+m.subdistrictName+'）':'')+(m.departmentName?'（'+m.departmentName+'）':'');}
  else{me.className='hint';me.textContent='请先填写接口地址';}
  var box=$('subBox'),sel=$('sub');
  if(info.subdistricts&&info.subdistricts.length){box.style.display='block';sel.innerHTML='';
    var none=document.createElement('option');none.value='';none.textContent='（请选择）';sel.appendChild(none);
    info.subdistricts.forEach(function(s){var o=document.createElement('option');o.value=s.key;o.textContent=s.label;if(s.key===info.subdistrict)o.selected=true;sel.appendChild(o);});}
  else box.style.display='none';
}
function fail(e){var me=$('me');me.className='error';me.textContent=(e&&e.message)||String(e);}
google.script.run.withSuccessHandler(render).withFailureHandler(fail).getSettings();
$('save').onclick=function(){$('me').className='hint';$('me').textContent='正在检查…';
  var form={apiUrl:$('url').value};if($('subBox').style.display==='block')form.subdistrict=$('sub').value;
  google.script.run.withSuccessHandler(render).withFailureHandler(fail).saveSettings(form);};`,
);

export const CONFLICTS_HTML = page(
  `<div class="hint">服务器上的记录在您上次拉取后被别人改过，您的修改尚未保存。逐条选择：<br>
<b>采用服务器版本</b>：放弃您在这一行的修改，换成服务器上的内容；<br>
<b>保留我的修改</b>：以服务器最新版本为基础重新推送，只覆盖您改过的字段，对方改的其他字段保留。</div>
<div><button id="allTheirs">全部采用服务器版本</button><button id="allMine">全部保留我的修改</button></div>
<div id="status" class="hint"></div><div id="list">正在读取…</div>`,
  `var $=function(id){return document.getElementById(id)};var entries=[];
function el(tag,text,cls){var e=document.createElement(tag);if(text!==undefined)e.textContent=text;if(cls)e.className=cls;return e;}
function render(list){entries=list||[];var box=$('list');box.innerHTML='';
  if(!entries.length){box.appendChild(el('div','没有待处理的冲突。','ok'));return;}
  entries.forEach(function(c){var card=el('div',undefined,'card');
    card.appendChild(el('b',c.tempId+' '+c.name));
    card.appendChild(el('div','台账第 '+c.row+' 行；服务器第 '+c.serverVersion+' 版，'+c.updatedBy+' 于 '+c.updatedAt+' 修改','hint'));
    var t=el('table');var h=el('tr');['字段','我的','服务器','谁改的'].forEach(function(x){h.appendChild(el('th',x));});t.appendChild(h);
    c.diffs.forEach(function(d){var r=el('tr');r.appendChild(el('td',d.label));r.appendChild(el('td',d.mine,'mine'));r.appendChild(el('td',d.theirs,'theirs'));
      r.appendChild(el('td',{mine:'您',theirs:'对方',both:'双方',unknown:''}[d.side]||''));t.appendChild(r);});
    if(c.diffs.length)card.appendChild(t);
    var b1=el('button','采用服务器版本');b1.onclick=function(){resolve([c.id],'theirs');};
    var b2=el('button','保留我的修改','primary');b2.onclick=function(){resolve([c.id],'mine');};
    card.appendChild(b1);card.appendChild(b2);box.appendChild(card);});}
function fail(e){$('status').className='error';$('status').textContent=(e&&e.message)||String(e);}
function load(){google.script.run.withSuccessHandler(render).withFailureHandler(fail).getConflicts();}
function resolve(ids,choice){$('status').className='hint';$('status').textContent='正在处理…';
  google.script.run.withSuccessHandler(function(r){$('status').className='ok';$('status').textContent=r.message;load();}).withFailureHandler(fail).resolveConflict(ids,choice);}
$('allTheirs').onclick=function(){resolve(entries.map(function(c){return c.id}),'theirs');};
$('allMine').onclick=function(){resolve(entries.map(function(c){return c.id}),'mine');};
load();`,
);

export const HELP_HTML = page(
  `<h3>排污口台账插件怎么用</h3>
<p><b>1. 设置</b>：菜单「扩展程序 → 排污口 → 设置」，填入管理员给的台账接口地址，点「保存并检查」，下方会显示台账系统认出的您的姓名、角色和街道。</p>
<p><b>2. 拉取</b>：「拉取本街道台账」把本街道的排污口拉进「排污口台账」表。第一次拉取全部，以后只拉取有变化的；「全部重新拉取」会补回被删掉的行。您还没推送的修改不会被覆盖。</p>
<p><b>3. 编辑</b>：蓝色表头的列可以修改，灰色表头的列由系统维护。有下拉箭头的单元格请从列表中选；是/否列填「是」或「否」；日期写成 2024-05-31。「存在问题」可填多项，用「、」分隔。第 2 个及以后的责任主体写在「其他责任主体」列（格式见该列表头的批注）。新增排污口就在最下面新起一行填写。改过的行「同步状态」显示「待推送」。</p>
<p><b>4. 推送</b>：「推送修改」把新增和修改过的行发送到台账系统（只发送改过的行），「推送选中行」只发送选中的行。完成后会显示保存、有误、冲突各多少行。</p>
<p><b>5. 有误</b>：填错的单元格变红并带批注，说明哪条规则、怎么改（例如【R-ENUM】…）。改正后再推送，红色和批注会自动消失。同一行其他正确的修改也要等这一行改正后才会保存。</p>
<p><b>6. 冲突</b>：如果您修改的同时别人也改了同一个排污口，这一行不会保存，也不会覆盖别人的修改，「同步状态」显示「冲突」，并列在「冲突」表中。点「查看冲突」，逐条选「采用服务器版本」或「保留我的修改」。</p>
<p><b>7. 删除行</b>：在表格里删除一行不会删除台账系统中的排污口，下次「全部重新拉取」会恢复它。排污口的销号、合并等请走流转流程。</p>
<p><b>8. 导出</b>：「导出：省平台台账（写入新表）」「导出：省平台保留清单（写入新表）」把您有权查看的排污口按省平台（浙里碧水/浙里蓝海）的列写入同名工作表；「导出：下载 Excel 文件」给出省平台台账、保留清单和方案清单的 Excel 下载链接（带标题、填报单位和导出日期，15 分钟内有效）。</p>
<p class="hint">隐藏的系统编号、版本号、同步校验列请勿修改或删除；不要改动表头。表头被改乱时，用「刷新下拉选项」恢复。</p>
<button onclick="google.script.host.close()">关闭</button>`,
  "",
);

/** 导出：下载 Excel 文件: the links come from getExportLinks() (each file left for download for 15 minutes). */
export const EXPORT_HTML = page(
  `<h3>导出 Excel 文件</h3><div id="list" class="hint">正在生成…</div>
<p class="hint">链接 15 分钟内有效；过期后请重新打开本窗口。</p>
<button onclick="google.script.host.close()">关闭</button>`,
  `var list=document.getElementById('list');
function fail(e){list.className='error';list.textContent=e.message;}
google.script.run.withSuccessHandler(function(links){
  list.textContent='';list.className='';
  links.forEach(function(l){var p=document.createElement('p');var a=document.createElement('a');
    a.href=l.url;a.target='_blank';a.textContent=l.label;p.appendChild(a);
    var n=document.createElement('div');n.className='hint';n.textContent=l.fileName;p.appendChild(n);list.appendChild(p);});
}).withFailureHandler(fail).getExportLinks();`,
);
