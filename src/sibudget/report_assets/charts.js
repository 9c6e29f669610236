// Draws every .chart from the JSON in #chart-data as SVG; marks it data-rendered when done.
(function(){
  var palette=["#2b6cb0","#dd6b20","#38a169","#805ad5"];
  function el(name,attrs,text){var n=document.createElementNS("http://www.w3.org/2000/svg",name);
    for(var k in attrs){n.setAttribute(k,attrs[k]);} if(text!==undefined){n.textContent=text;} return n;}
  function fmt(v){return v===null?"–":Number(v).toLocaleString("en-US",{maximumFractionDigits:2});}
  function draw(box,spec){
    var wide=box.classList.contains("wide"),W=wide?900:560,H=360,L=70,B=120,T=34,R=10;
    var svg=el("svg",{width:W,height:H,viewBox:"0 0 "+W+" "+H,role:"img","aria-label":spec.title});
    svg.appendChild(el("text",{x:8,y:18,"font-size":13,"font-weight":"600"},spec.title));
    var all=[];spec.series.forEach(function(s){s.values.forEach(function(v){if(v!==null){all.push(v);}});});
    var max=Math.max.apply(null,all.concat([0])),min=Math.min.apply(null,all.concat([0]));
    if(max===min){max=min+1;}
    var raw=(max-min)/4,mag=Math.pow(10,Math.floor(Math.log10(raw))),step=[1,2,2.5,5,10].map(function(m){return m*mag;}).filter(function(s){return s>=raw;})[0];
    min=Math.floor(min/step)*step;max=Math.ceil(max/step)*step;var ticks=Math.round((max-min)/step);
    var plotH=H-T-B,plotW=W-L-R,y=function(v){return T+(max-v)/(max-min)*plotH;};
    for(var i=0;i<=ticks;i++){var v=min+step*i,yy=y(v);
      svg.appendChild(el("line",{x1:L,x2:W-R,y1:yy,y2:yy,stroke:"#e2e8f0"}));
      svg.appendChild(el("text",{x:L-4,y:yy+4,"font-size":10,"text-anchor":"end"},fmt(v)));}
    svg.appendChild(el("text",{x:4,y:T-8,"font-size":10,fill:"#5a6470"},spec.unit));
    var n=spec.categories.length,slot=plotW/Math.max(n,1);
    spec.categories.forEach(function(c,i){var x=L+slot*(i+0.5);
      svg.appendChild(el("text",{x:x,y:H-B+14,"font-size":10,"text-anchor":"end",transform:"rotate(-40 "+x+" "+(H-B+14)+")"},c));});
    spec.series.forEach(function(s,k){
      if(spec.kind==="lines"){var pts=[];s.values.forEach(function(v,i){if(v!==null){pts.push((L+slot*(i+0.5))+","+y(v));}});
        svg.appendChild(el("polyline",{points:pts.join(" "),fill:"none",stroke:palette[k%4],"stroke-width":2,"class":"series"}));
        s.values.forEach(function(v,i){if(v!==null){var c=el("circle",{cx:L+slot*(i+0.5),cy:y(v),r:3,fill:palette[k%4],"class":"mark"});
          c.appendChild(el("title",{},s.name+": "+fmt(v)+" "+spec.unit));svg.appendChild(c);}});}
      else{var bw=slot*0.8/spec.series.length;s.values.forEach(function(v,i){if(v===null){return;}
        var x=L+slot*i+slot*0.1+bw*k,top=Math.min(y(v),y(0)),h=Math.abs(y(v)-y(0));
        var r=el("rect",{x:x,y:top,width:Math.max(bw-1,1),height:Math.max(h,0.5),fill:palette[k%4],"class":"mark"});
        r.appendChild(el("title",{},spec.categories[i]+" · "+s.name+": "+fmt(v)+" "+spec.unit));svg.appendChild(r);});}
      var gap=Math.min(150,(W-L)/spec.series.length);
      svg.appendChild(el("rect",{x:L+k*gap,y:H-16,width:10,height:10,fill:palette[k%4]}));
      svg.appendChild(el("text",{x:L+k*gap+14,y:H-7,"font-size":11},s.name));});
    box.appendChild(svg);box.setAttribute("data-rendered","true");}
  var specs=JSON.parse(document.getElementById("chart-data").textContent);
  document.querySelectorAll(".chart").forEach(function(box){draw(box,specs[Number(box.getAttribute("data-chart"))]);});
})();
