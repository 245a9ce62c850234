jsonpCallback({
 "isPagination": "true",
 "jsonCallBack": "jsonpCallback",
 "pageHelp": {
  "pageNo": 1,
  "pageSize": 100,
  "pageCount": 1,
  "total": 2,
  "data": [
   {
    "SECURITY_CODE": "600941",
    "SECURITY_NAME": "中国移动",
    "TITLE": "中国移动2026年第一季度报告",
    "SSEDATE": "2026-04-21",
    "URL": "/disclosure/listedinfo/announcement/c/new/2026-04-21/600941_20260421_Q1SM.pdf",
    "BULLETIN_TYPE": "第一季度季报",
    "BULLETIN_HEADING": "定期报告",
    "BULLETIN_YEAR": "2026"
   },
   {
    "SECURITY_CODE": "600941",
    "SECURITY_NAME": "中国移动",
    "TITLE": "中国移动2025年年度报告摘要",
    "SSEDATE": "2026-03-19",
    "URL": "/disclosure/listedinfo/announcement/c/new/2026-03-19/600941_20260319_NBZY.pdf",
    "BULLETIN_TYPE": "年报摘要",
    "BULLETIN_HEADING": "定期报告",
    "BULLETIN_YEAR": "2026"
   }
  ]
 },
 "result": [
  {
   "SECURITY_CODE": "600941",
   "SECURITY_NAME": "中国移动",
   "TITLE": "中国移动2026年第一季度报告",
   "SSEDATE": "2026-04-21",
   "URL": "/disclosure/listedinfo/announcement/c/new/2026-04-21/600941_20260421_Q1SM.pdf",
   "BULLETIN_TYPE": "第一季度季报",
   "BULLETIN_HEADING": "定期报告",
   "BULLETIN_YEAR": "2026"
  },
  {
   "SECURITY_CODE": "600941",
   "SECURITY_NAME": "中国移动",
   "TITLE": "中国移动2025年年度报告摘要",
   "SSEDATE": "2026-03-19",
   "URL": "/disclosure/listedinfo/announcement/c/new/2026-03-19/600941_20260319_NBZY.pdf",
   "BULLETIN_TYPE": "年报摘要",
   "BULLETIN_HEADING": "定期报告",
   "BULLETIN_YEAR": "2026"
  }
 ]
})
