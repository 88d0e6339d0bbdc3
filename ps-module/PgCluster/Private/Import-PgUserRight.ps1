function Import-PgUserRight {
    <#
    .SYNOPSIS
        Applies user-rights policy lines (an edited secedit export) with `secedit /configure /db
        <tmp>.sdb /cfg <tmp>.inf /areas USER_RIGHTS`, only that area; the temporary .inf, .sdb and
        the files secedit adds beside them are always deleted. Returns secedit's exit and output.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param (
        [Parameter(Mandatory = $true)]
        [AllowEmptyString()]
        [string[]]
        $Content
    )

    $dir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('PgCluster-secedit-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -Path $dir -ItemType Directory -Force -WhatIf:$false -Confirm:$false
    try {
        $inf = Join-Path -Path $dir -ChildPath 'configure.inf'
        $db = Join-Path -Path $dir -ChildPath 'configure.sdb'
        Set-Content -LiteralPath $inf -Value $Content -Encoding Unicode -WhatIf:$false -Confirm:$false
        return (Invoke-PgNative -FilePath 'secedit.exe' -ArgumentList @('/configure', '/db', $db, '/cfg', $inf, '/areas', 'USER_RIGHTS'))
    }
    finally {
        Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue -WhatIf:$false -Confirm:$false
    }
}
