from django.db import migrations

KEY_GROUPS = [
    ("accountant", "会计/财务人员", "冒充领导熟人诈骗的主要目标：被拉入假冒的领导群要求转账"),
    ("teacher", "教师", "常被冒充学校、教育部门或家长诈骗"),
    ("student", "学生", "刷单返利、游戏交易、注销校园贷诈骗的主要目标"),
    ("civil_servant", "公职人员", "常被冒充领导、冒充纪检监察或公检法诈骗"),
    ("elderly", "老年人", "保健品、冒充公检法、养老投资诈骗的主要目标"),
    ("unemployed", "无业人员", "刷单返利、虚假贷款诈骗的主要目标"),
]


def add_key_groups(apps, schema_editor):
    KeyGroup = apps.get_model("people", "KeyGroup")
    for code, name, description in KEY_GROUPS:
        KeyGroup.objects.update_or_create(code=code, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("people", "0002_initial")]
    operations = [migrations.RunPython(add_key_groups, migrations.RunPython.noop)]
